/**
 * The Python program Driftboard runs with the project's own interpreter (`migrations.python`) to get the
 * exact SQL the project's Alembic emits offline (`--sql`), one revision at a time.
 *
 * Why not `python -m alembic upgrade base:heads --sql`: one revision that fails offline (it reads query
 * results through `op.get_bind()`) would end the whole run, and Alembic's CLI has no way to override
 * `sqlalchemy.url`. This program uses Alembic's own API instead, so it:
 *  - points `sqlalchemy.url` at a dummy PostgreSQL URL (offline mode never connects; no password travels);
 *  - runs the project's env.py once per revision with a step list of that revision only, starting from its
 *    parents, so a failure costs that revision alone and every other revision still gets its exact SQL;
 *  - captures each revision's output separately and prints one JSON document after a marker line.
 *
 * argv: ini file, ini section, dummy URL. The working directory is the ini's directory (as `alembic` from
 * there would be), so `prepend_sys_path`, relative `script_location` and the project's imports resolve.
 */
export const RESULT_MARKER = '@@driftboard-alembic-sql@@';

export const DRIVER_SOURCE = String.raw`
import io, json, os, sys, traceback

real_stdout = sys.stdout
ini, section, url = sys.argv[1], sys.argv[2], sys.argv[3]

from alembic import __version__ as alembic_version
from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import RevisionStep
from alembic.script import ScriptDirectory

def describe(exc, files):
    # Where in a migration file it failed (the innermost frame in one), then the error's first line.
    where = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if os.path.realpath(frame.filename) in files:
            where = [frame.filename, frame.lineno]
    text = (str(exc).strip().splitlines() or [""])[0]
    return {"where": where, "message": (type(exc).__name__ + ": " + text).strip().rstrip(":")}

cfg = Config(ini, ini_section=section)
cfg.set_main_option("sqlalchemy.url", url)
script = ScriptDirectory.from_config(cfg)
revisions = list(script.walk_revisions())
revisions.reverse()
files = set(os.path.realpath(r.path) for r in revisions)
out = []
for rev in revisions:
    buf = io.StringIO()
    def steps(heads, context, rev=rev):
        return [RevisionStep(script.revision_map, rev, True)]
    cfg.output_buffer = buf
    sys.stdout = buf
    error = None
    version_table = None
    try:
        parents = rev._versioned_down_revisions if hasattr(rev, "_versioned_down_revisions") else rev._down_revision_tuple
        with EnvironmentContext(cfg, script, fn=steps, as_sql=True,
                                starting_rev=list(parents) or None, destination_rev=rev.revision) as env:
            script.run_env()
            try:
                table = env.get_context()._version
                version_table = [table.schema, table.name]
            except Exception:
                pass
    except BaseException as exc:  # SystemExit from an env.py counts as a failure of this revision too
        error = describe(exc, files)
    finally:
        sys.stdout = real_stdout
    upgrade = getattr(rev.module, "upgrade", None)
    line = getattr(getattr(upgrade, "__code__", None), "co_firstlineno", 1)
    out.append({"id": rev.revision, "path": os.path.realpath(rev.path), "line": line, "sql": buf.getvalue(),
                "error": error, "versionTable": version_table})

root = os.path.realpath(os.getcwd())
modules = sorted(set(
    os.path.realpath(m.__file__) for m in list(sys.modules.values())
    if getattr(m, "__file__", None) and os.path.realpath(m.__file__).startswith(root + os.sep)
))
real_stdout.write("\n${RESULT_MARKER}\n")
env_py = os.path.realpath(os.path.join(script.dir, "env.py"))
real_stdout.write(json.dumps({"alembic": alembic_version, "revisions": out, "modules": modules + [env_py]}))
real_stdout.flush()
`;
