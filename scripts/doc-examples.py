#!/usr/bin/python3
"""Every example output in the docs, produced by running its command.

An example is a fenced block right after the line `<!-- example -->` (or `<!-- example: keep=1-20 -->`,
which keeps only those lines of each command's output and marks the cut with "..."). In the block,
each line starting with `$ ` is a command, run with bash from the top of a scratch copy of the
repository (its entries linked, and `build` linked to BUILD_DIR), and the lines up to the next
command are its output, stdout and stderr together.

  scripts/doc-examples.py BUILD_DIR            check: exit 1 and show the difference if any example
                                               is not what its command prints now
  scripts/doc-examples.py BUILD_DIR --update   rewrite the examples in place

Lines that report speed ("draws/s") differ from run to run and are not compared.
"""
import argparse
import difflib
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ["README.md", "docs/*.md", "scenarios/README.md"]
MARKER = re.compile(r"^<!-- example(?::\s*keep=([0-9,\- ]+))? -->$")
VARIABLE = re.compile(r"draws/s")


def kept(output_lines, keep):
    """The lines of `keep` (1-based ranges "a-b", "a-", "a"), with "..." where lines were cut."""
    if keep is None:
        return output_lines
    wanted = set()
    for part in keep.replace(" ", "").split(","):
        first, _, last = part.partition("-")
        end = len(output_lines) if part.endswith("-") else int(last or first)
        wanted.update(range(int(first), end + 1))
    result, cut = [], False
    for number, line in enumerate(output_lines, start=1):
        if number in wanted:
            result.append(line)
            cut = False
        elif not cut:
            result.append("...")
            cut = True
    return result


def run(command, workdir):
    completed = subprocess.run(["bash", "-c", command], cwd=workdir, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, check=False)
    return [line.rstrip() for line in completed.stdout.rstrip("\n").split("\n")] if completed.stdout else []


def regenerate(block, keep, workdir):
    """The block's lines with each command's output replaced by what it prints now."""
    result = []
    commands = [line for line in block if line.startswith("$ ")]
    if not commands:
        raise SystemExit("an example block without a `$ ` command line")
    for command in commands:
        if result and not result[-1].startswith("$ "):
            result.append("")
        result.append(command)
        result.extend(kept(run(command[2:], workdir), keep))
    return result


def process(path, workdir):
    """The file's lines with every example regenerated, and the number of examples."""
    lines = path.read_text().split("\n")
    out, i, count = [], 0, 0
    while i < len(lines):
        match = MARKER.match(lines[i])
        out.append(lines[i])
        i += 1
        if not match:
            continue
        if i >= len(lines) or not lines[i].startswith("```"):
            raise SystemExit(f"{path}:{i}: an example marker must be followed by a fenced block")
        out.append(lines[i])
        end = lines.index("```", i + 1)
        out.extend(regenerate(lines[i + 1:end], match.group(1), workdir))
        out.append("```")
        i = end + 1
        count += 1
    return out, count


def link_repository(workdir, build_dir):
    for entry in ROOT.iterdir():
        if entry.name not in ("build", ".git"):
            (workdir / entry.name).symlink_to(entry)
    (workdir / "build").symlink_to(Path(build_dir).resolve())


def comparable(lines):
    return [line.rstrip() for line in lines if not VARIABLE.search(line)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("build_dir")
    parser.add_argument("--update", action="store_true", help="rewrite the examples in place")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="doc-examples-") as scratch:
        link_repository(Path(scratch), args.build_dir)
        return check_or_update(Path(scratch), args)


def check_or_update(workdir, args):
    stale, total = [], 0
    for pattern in DOCS:
        for path in sorted(ROOT.glob(pattern)):
            old = path.read_text().split("\n")
            new, count = process(path, workdir)
            total += count
            if args.update:
                if new != old:
                    path.write_text("\n".join(new))
                    print(f"doc-examples: updated {path.relative_to(ROOT)}")
            elif comparable(new) != comparable(old):
                stale.append(path)
                sys.stdout.writelines(difflib.unified_diff(
                    [line + "\n" for line in comparable(old)], [line + "\n" for line in comparable(new)],
                    f"{path.relative_to(ROOT)} (as written)", "(as the commands print it now)"))
    if stale:
        print(f"doc-examples: {len(stale)} file(s) show outputs the commands no longer print; "
              f"run scripts/doc-examples.py {args.build_dir} --update")
        return 1
    print(f"doc-examples: {total} examples, each what its command prints")
    return 0


if __name__ == "__main__":
    sys.exit(main())
