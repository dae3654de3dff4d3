"""make backup / make restore: archives of Odoo databases (see hoa_base/tools).

    hoa_backup.py backup  --conf .hoa/odoo.conf --dir .hoa/backups [DB ...]
    hoa_backup.py restore --conf .hoa/odoo.conf FILE NEWDB
    hoa_backup.py verify  FILE

Database connection: the db_* options of the Odoo configuration file, else the
standard PG* environment variables. The filestore: data_dir of that file.
"""

import argparse
import configparser
import importlib.util
import os
import shutil
import sys
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "backup_archive", ROOT / "addons/hoa_base/tools/backup_archive.py"
)
backup_archive = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(backup_archive)


def odoo_options(conf):
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(conf)
    options = dict(parser["options"]) if parser.has_section("options") else {}
    return {key: value for key, value in options.items() if value not in ("", "False")}


def pg_env(options):
    env = os.environ.copy()
    for option, variable in (
        ("db_host", "PGHOST"),
        ("db_port", "PGPORT"),
        ("db_user", "PGUSER"),
        ("db_password", "PGPASSWORD"),
    ):
        if options.get(option):
            env[variable] = options[option]
    return env


def connect(env, dbname):
    return psycopg2.connect(
        dbname=dbname,
        host=env.get("PGHOST"),
        port=env.get("PGPORT"),
        user=env.get("PGUSER"),
        password=env.get("PGPASSWORD"),
    )


def odoo_databases(env):
    """Every database of the server that holds an Odoo installation."""
    with connect(env, "postgres") as conn, conn.cursor() as cr:
        cr.execute(
            "SELECT datname FROM pg_database WHERE NOT datistemplate "
            "AND datname <> 'postgres' ORDER BY datname"
        )
        names = [row[0] for row in cr.fetchall()]
    found = []
    for name in names:
        try:
            with connect(env, name) as conn, conn.cursor() as cr:
                cr.execute("SELECT to_regclass('ir_module_module') IS NOT NULL")
                if cr.fetchone()[0]:
                    found.append(name)
        except psycopg2.OperationalError:
            continue
    return found


def database_exists(env, dbname):
    with connect(env, "postgres") as conn, conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,))
        return bool(cr.fetchone())


def installed_modules(env, dbname):
    with connect(env, dbname) as conn, conn.cursor() as cr:
        cr.execute(
            "SELECT name, coalesce(latest_version, '') FROM ir_module_module "
            "WHERE state = 'installed'"
        )
        return dict(cr.fetchall())


def odoo_release():
    try:
        from odoo import release
    except ImportError:
        return "", ""
    return release.version, release.serie


def pg_tool(options, name):
    path = options.get("pg_path")
    found = shutil.which(name, path=path) if path else shutil.which(name)
    if not found:
        sys.exit(f"ERROR: {name} not found (install postgresql-client or set pg_path)")
    return found


def filestore_root(options):
    data_dir = options.get("data_dir") or os.path.expanduser("~/.local/share/Odoo")
    return os.path.join(data_dir, "filestore")


def cmd_backup(args):
    options = odoo_options(args.conf)
    env = pg_env(options)
    databases = args.databases or odoo_databases(env)
    if not databases:
        sys.exit("ERROR: no Odoo database found to back up")
    version, series = odoo_release()
    for dbname in databases:
        if not database_exists(env, dbname):
            sys.exit(f"ERROR: there is no database {dbname!r}")
        path = backup_archive.create_archive(
            dbname,
            args.dir,
            filestore_dir=os.path.join(filestore_root(options), dbname),
            modules=installed_modules(env, dbname),
            odoo_version=version,
            odoo_series=series,
            pg_env=env,
            pg_dump=pg_tool(options, "pg_dump"),
        )
        print(path)


def cmd_restore(args):
    options = odoo_options(args.conf)
    env = pg_env(options)
    if database_exists(env, args.database):
        sys.exit(
            f"ERROR: a database {args.database!r} already exists; restore into a new "
            "name (DB=...)"
        )
    manifest = backup_archive.restore_archive(
        args.file,
        args.database,
        filestore_root=filestore_root(options),
        pg_env=env,
        pg_restore=pg_tool(options, "pg_restore"),
        createdb=pg_tool(options, "createdb"),
        dropdb=pg_tool(options, "dropdb"),
    )
    print(
        f"Restored {manifest['database']} of {manifest['date']} "
        f"(Odoo {manifest['odoo_version']}) into {args.database}"
    )


def cmd_verify(args):
    manifest = backup_archive.verify_archive(args.file)
    print(f"{args.file}: OK ({manifest['database']}, {manifest['date']})")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    sub = parser.add_subparsers(dest="command", required=True)
    backup = sub.add_parser("backup", help="one archive per database")
    backup.add_argument("--conf", required=True, help="Odoo configuration file")
    backup.add_argument("--dir", required=True, help="folder for the archives")
    backup.add_argument("databases", nargs="*", help="default: every Odoo database")
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser("restore", help="restore an archive into a NEW database")
    restore.add_argument("--conf", required=True, help="Odoo configuration file")
    restore.add_argument("file")
    restore.add_argument("database")
    restore.set_defaults(func=cmd_restore)
    verify = sub.add_parser("verify", help="check an archive's checksums")
    verify.add_argument("file")
    verify.set_defaults(func=cmd_verify)
    args = parser.parse_args(argv)
    try:
        args.func(args)
    except backup_archive.BackupError as error:
        sys.exit(f"ERROR: {error}")


if __name__ == "__main__":
    main()
