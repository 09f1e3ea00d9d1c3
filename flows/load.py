"""Load the Parquet tables into a warehouse (a DuckDB file or PostgreSQL): typed tables, upserts by key."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from expectations.schema import TABLES, Table
from flows.store import META_DIR, Store

LOADED_AT = "_loaded_at"
DEFAULT_TARGET = "duckdb:///newsfacts.duckdb"
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Arrow type -> (DuckDB type, PostgreSQL type, psycopg COPY type).
_TYPES = {
    pa.string(): ("VARCHAR", "TEXT", "text"),
    pa.large_string(): ("VARCHAR", "TEXT", "text"),
    pa.int64(): ("BIGINT", "BIGINT", "int8"),
    pa.float64(): ("DOUBLE", "DOUBLE PRECISION", "float8"),
    pa.date32(): ("DATE", "DATE", "date"),
    pa.timestamp("us", tz="UTC"): ("TIMESTAMPTZ", "TIMESTAMPTZ", "timestamptz"),
    pa.list_(pa.string()): ("VARCHAR[]", "TEXT[]", "text[]"),
}
_COPY_ROWS = 5000


class LoadError(Exception):
    """The load cannot be done: bad target, missing tables, unreachable server; the message says which."""


@dataclass(frozen=True)
class Target:
    kind: str        # duckdb or postgresql
    location: str    # a file path for DuckDB, a libpq URL for PostgreSQL

    def __str__(self) -> str:
        if self.kind == "duckdb":
            return f"duckdb file {self.location}"
        parts = urlsplit(self.location)
        return f"postgresql://{parts.hostname or 'localhost'}{':' + str(parts.port) if parts.port else ''}{parts.path}"


@dataclass(frozen=True)
class TableLoad:
    table: str
    rows: int        # rows in the Parquet table
    inserted: int
    updated: int     # rows whose key was there with other values
    deleted: int     # rows no longer in the Parquet table (the old rows of a changed article)


def parse_target(url: str) -> Target:
    """The warehouse named by `url`: duckdb:///relative.duckdb, duckdb:////absolute.duckdb, a *.duckdb path,
    or postgresql://user:password@host:port/database."""
    if url.startswith(("postgresql://", "postgres://")):
        return Target("postgresql", url)
    if url.startswith("duckdb://"):
        rest = url[len("duckdb://"):]
        if not rest.startswith("/") or rest == "/":
            raise LoadError(f"a DuckDB target is duckdb:///FILE (relative) or duckdb:////FILE (absolute), not {url}")
        return Target("duckdb", unquote(rest[1:]))
    if url.endswith((".duckdb", ".db")) and "://" not in url:
        return Target("duckdb", url)
    raise LoadError(f"unknown warehouse {url!r}: use duckdb:///FILE.duckdb or postgresql://USER@HOST:PORT/DB")


def load_tables(source: str, target: str, schema: str | None = None,
                tables: tuple[str, ...] = tuple(TABLES), now: datetime | None = None) -> list[TableLoad]:
    """Mirror the output folder's tables into the warehouse in one transaction; rows loaded now get `now`."""
    dest = parse_target(target)
    if schema is not None and not _NAME.match(schema):
        raise LoadError(f"schema name must be letters, digits and underscores: {schema!r}")
    root = Path(source)
    if not (root / META_DIR).is_dir():
        raise LoadError(f"{source} holds no newsfacts tables (run `newsfacts run --output {source}` first)")
    now = now or datetime.now(timezone.utc)
    store = Store(root)
    with store.locked():  # a run cannot commit while the tables are read
        data = {name: _read(store, TABLES[name]) for name in tables}
        if dest.kind == "duckdb":
            return _load_duckdb(dest.location, schema, data, now)
        return _load_postgres(dest.location, schema, data, now)


def _read(store: Store, table: Table) -> pa.Table:
    files = [str(p) for p in store.table_files(table.name)]
    schema = table.arrow_schema()
    data = ds.dataset(files, schema=schema, format="parquet").to_table() if files else schema.empty_table()
    if data.num_rows and pc.count_distinct(data.column(table.key)).as_py() != data.num_rows:
        raise LoadError(f"table {table.name} holds the same {table.key} twice; it cannot be loaded by key")
    return data


# ---- SQL shared by both warehouses

def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _create_sql(table: Table, qualified: str, dialect: int) -> list[str]:
    cols = [f"{_q(c.name)} {_TYPES[c.type][dialect]}{'' if c.nullable else ' NOT NULL'}" for c in table.columns]
    cols.append(f"{_q(LOADED_AT)} TIMESTAMPTZ NOT NULL")
    out = [f"CREATE TABLE IF NOT EXISTS {qualified} ({', '.join(cols)}, PRIMARY KEY ({_q(table.key)}))",
           f"COMMENT ON TABLE {qualified} IS {_literal(table.description)}"]
    out += [f"COMMENT ON COLUMN {qualified}.{_q(c.name)} IS {_literal(c.description)}" for c in table.columns]
    out.append(f"COMMENT ON COLUMN {qualified}.{_q(LOADED_AT)} IS "
               f"{_literal('When this version of the row was loaded into the warehouse (UTC).')}")
    return out


def _merge_sql(table: Table, qualified: str, src: str, now_param: str) -> tuple[str, str, str]:
    """INSERT the new keys, UPDATE the rows that differ, DELETE the rows gone from the tables."""
    key = _q(table.key)
    names = [_q(c.name) for c in table.columns]
    others = [n for n in names if n != key]
    differs = " OR ".join(f"t.{n} IS DISTINCT FROM s.{n}" for n in others)
    insert = (f"INSERT INTO {qualified} ({', '.join(names)}, {_q(LOADED_AT)}) "
              f"SELECT {', '.join('s.' + n for n in names)}, {now_param} FROM {src} s "
              f"WHERE NOT EXISTS (SELECT 1 FROM {qualified} t WHERE t.{key} = s.{key})")
    update = (f"UPDATE {qualified} AS t SET {', '.join(f'{n} = s.{n}' for n in others)}, "
              f"{_q(LOADED_AT)} = {now_param} FROM {src} s WHERE t.{key} = s.{key} AND ({differs})")
    delete = f"DELETE FROM {qualified} t WHERE NOT EXISTS (SELECT 1 FROM {src} s WHERE s.{key} = t.{key})"
    return insert, update, delete


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _missing_columns(table: Table, present: set[str]) -> list[str]:
    return [c.name for c in table.columns if c.name not in present]


# ---- DuckDB

def _load_duckdb(path: str, schema: str | None, data: dict[str, pa.Table], now: datetime) -> list[TableLoad]:
    import duckdb

    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(path)
    except duckdb.Error as e:
        raise LoadError(f"cannot open DuckDB file {path}: {e}") from None
    results = []
    try:
        con.execute("BEGIN TRANSACTION")
        if schema:
            con.execute(f"CREATE SCHEMA IF NOT EXISTS {_q(schema)}")
        for name, arrow in data.items():
            table = TABLES[name]
            qualified = f"{_q(schema)}.{_q(name)}" if schema else _q(name)
            for sql in _create_sql(table, qualified, 0):
                con.execute(sql)
            present = {r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND table_schema = ?",
                [name, schema or "main"]).fetchall()}
            for column in _missing_columns(table, present):
                con.execute(f"ALTER TABLE {qualified} ADD COLUMN {_q(column)} "
                            f"{_TYPES[next(c.type for c in table.columns if c.name == column)][0]}")
            src = f"_newsfacts_src_{name}"
            con.register(src, arrow)
            counts = [con.execute(sql, [now]).fetchone()[0] if "?" in sql else con.execute(sql).fetchone()[0]
                      for sql in _merge_sql(table, qualified, src, "?")]
            con.unregister(src)
            results.append(TableLoad(name, arrow.num_rows, *counts))
        con.execute("COMMIT")
    except duckdb.Error as e:
        con.execute("ROLLBACK")
        raise LoadError(f"loading into DuckDB file {path} failed: {e}") from None
    finally:
        con.close()
    return results


# ---- PostgreSQL

def _load_postgres(url: str, schema: str | None, data: dict[str, pa.Table], now: datetime) -> list[TableLoad]:
    try:
        import psycopg
    except ImportError:
        raise LoadError("loading into PostgreSQL needs psycopg: pip install 'newsfacts[postgres]'") from None
    try:
        conn = psycopg.connect(url, connect_timeout=15)
    except psycopg.Error as e:
        raise LoadError(f"cannot connect to {Target('postgresql', url)}: {str(e).strip().splitlines()[0]}") from None
    results = []
    try:
        with conn.transaction(), conn.cursor() as cur:
            if schema:
                cur.execute(f"CREATE SCHEMA IF NOT EXISTS {_q(schema)}")
            for name, arrow in data.items():
                table = TABLES[name]
                qualified = f"{_q(schema)}.{_q(name)}" if schema else _q(name)
                for sql in _create_sql(table, qualified, 1):
                    cur.execute(sql)
                cur.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                            "AND table_schema = coalesce(%s, current_schema())", [name, schema])
                present = {r[0] for r in cur.fetchall()}
                for column in _missing_columns(table, present):
                    cur.execute(f"ALTER TABLE {qualified} ADD COLUMN {_q(column)} "
                                f"{_TYPES[next(c.type for c in table.columns if c.name == column)][1]}")
                src = _q(f"_newsfacts_src_{name}")
                cols = ", ".join(f"{_q(c.name)} {_TYPES[c.type][1]}" for c in table.columns)
                cur.execute(f"CREATE TEMP TABLE {src} ({cols}) ON COMMIT DROP")
                with cur.copy(f"COPY {src} FROM STDIN") as copy:
                    copy.set_types([_TYPES[c.type][2] for c in table.columns])
                    for row in _pg_rows(arrow):
                        copy.write_row(row)
                counts = []
                for sql in _merge_sql(table, qualified, src, "%s"):
                    cur.execute(sql, [now] if "%s" in sql else None)
                    counts.append(cur.rowcount)
                results.append(TableLoad(name, arrow.num_rows, *counts))
    except psycopg.Error as e:
        raise LoadError(f"loading into {Target('postgresql', url)} failed: {str(e).strip().splitlines()[0]}") from None
    finally:
        conn.close()
    return results


def _pg_rows(arrow: pa.Table) -> Iterator[tuple]:
    # PostgreSQL text cannot hold NUL; the raw input of a rejected binary file may. It becomes U+FFFD.
    for batch in arrow.to_batches(max_chunksize=_COPY_ROWS):
        for row in zip(*(col.to_pylist() for col in batch.columns)):
            yield tuple(_no_nul(v) for v in row)


def _no_nul(value: object) -> object:
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    if isinstance(value, list):
        return [_no_nul(v) for v in value]
    return value
