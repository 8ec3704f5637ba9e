#!/usr/bin/python3
"""Every example output in the docs, produced by running its command.

An example is a fenced block right after the line `<!-- example -->` (or `<!-- example: keep=1-20 -->`,
which keeps only those lines of each command's output and marks the cut with "..."). In the block,
each line starting with `$ ` is a command, run with bash from the top of a scratch copy of the
repository (its entries linked, and `build` linked to BUILD_DIR), and the lines up to the next
command are its output, stdout and stderr together.

  scripts/doc-examples.py BUILD_DIR [FILE...]           check: exit 1 and show the difference if
                                                        any example is not what its command prints
                                                        now (FILE...: only those docs)
  scripts/doc-examples.py BUILD_DIR --update [FILE...]  rewrite the examples in place, and remake
                                                        the pictures
  scripts/doc-examples.py BUILD_DIR --pictures          check that every picture has its commands

Lines that report speed ("draws/s") differ from run to run and are not compared.

Pictures: a fenced block of shell commands right after the line
`<!-- pictures from DIR/: NAME.png NAME.png ... -->` makes those pictures in DIR. `--update` runs
each such block with bash (stopping at the first failing command) in a scratch copy as above and
copies DIR/NAME.png to docs/plots/NAME.png. Pictures are not compared byte for byte (a library
update moves pixels), but `--pictures` fails when a picture in docs/plots/, or one that README.md
or a doc shows, is named by no such line, or a named one is missing: every picture can be remade
by the commands written beside it.
"""
import shutil
import argparse
import difflib
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ["README.md", "docs/*.md", "scenarios/README.md"]
MARKER = re.compile(r"^<!-- example(?::\s*keep=([0-9,\- ]+))? -->$")
PICTURES = re.compile(r"^<!-- pictures from (\S+?)/?: ([\w.\- ]+) -->$")
PICTURE_DIR = ROOT / "docs" / "plots"
SHOWN = re.compile(r"\]\(((?:docs/)?plots/[\w.\-]+\.png)\)")
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


def doc_paths(only):
    """The docs to check: every file of DOCS, or those named."""
    if only:
        return [ROOT / name for name in only]
    return [path for pattern in DOCS for path in sorted(ROOT.glob(pattern))]


def picture_blocks():
    """(doc, line, DIR, [NAME.png], commands) for every `<!-- pictures from DIR/: ... -->` block."""
    for path in doc_paths([]):
        lines = path.read_text().split("\n")
        for i, line in enumerate(lines):
            match = PICTURES.match(line)
            if not match:
                continue
            if i + 1 >= len(lines) or not lines[i + 1].startswith("```"):
                raise SystemExit(f"{path}:{i + 1}: a pictures line must be followed by a "
                                 "fenced block")
            end = lines.index("```", i + 2)
            yield path, i + 1, match.group(1), match.group(2).split(), "\n".join(lines[i + 2:end])


def remake_pictures(build_dir):
    for path, line, out_dir, names, commands in picture_blocks():
        with tempfile.TemporaryDirectory(prefix="doc-pictures-") as scratch:
            link_repository(Path(scratch), build_dir)
            done = subprocess.run(["bash", "-e", "-c", commands], cwd=scratch, check=False,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if done.returncode != 0:
                raise SystemExit(f"{path}:{line}: the commands failed:\n{done.stderr}")
            for name in names:
                made = Path(scratch) / out_dir / name
                if not made.is_file():
                    raise SystemExit(f"{path}:{line}: the commands made no {out_dir}/{name}")
                shutil.copyfile(made, PICTURE_DIR / name)
                print(f"doc-examples: remade docs/plots/{name}")


def check_pictures():
    """Every picture kept or shown is named beside the commands that make it, and exists."""
    named = {name: (path, line) for path, line, _, names, _ in picture_blocks() for name in names}
    problems = [f"{path.relative_to(ROOT)}:{line}: {name} is not in docs/plots/"
                for name, (path, line) in named.items() if not (PICTURE_DIR / name).is_file()]
    kept = {p.name for p in PICTURE_DIR.glob("*.png")}
    shown = {Path(m).name for path in doc_paths([]) for m in SHOWN.findall(path.read_text())}
    problems += [f"docs/plots/{name}: no `<!-- pictures from DIR/: ... -->` line names it"
                 for name in sorted((kept | shown) - named.keys())]
    for problem in problems:
        print(f"doc-examples: {problem}")
    if not problems:
        print(f"doc-examples: {len(named)} pictures, each made by the commands beside it")
    return 1 if problems else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("build_dir")
    parser.add_argument("files", nargs="*", metavar="FILE", help="only these docs")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--update", action="store_true",
                      help="rewrite the examples in place and remake the pictures")
    mode.add_argument("--pictures", action="store_true",
                      help="check that every picture is named beside the commands that make it")
    args = parser.parse_args()
    if args.pictures:
        return check_pictures()
    with tempfile.TemporaryDirectory(prefix="doc-examples-") as scratch:
        link_repository(Path(scratch), args.build_dir)
        status = check_or_update(Path(scratch), args)
    if args.update and not args.files:
        remake_pictures(args.build_dir)
        status = status or check_pictures()
    return status


def check_or_update(workdir, args):
    stale, total = [], 0
    for path in doc_paths(args.files):
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
