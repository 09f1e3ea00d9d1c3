"""`newsfacts load` into a real DuckDB file and a real PostgreSQL server: typed tables, upserts by key, load times."""
from __future__ import annotations

import json
import uuid
import pyarrow as pa
import pytest

from conftest import read_table, run_cli
from expectations.schema import TABLES
from flows.load import LOADED_AT, LoadError, load_tables, parse_target
from ops_fixtures import copy_output

CHANGED_ARTICLE = "sample-election-2024"
# A line that is not JSON and holds a NUL byte: its raw input lands in `rejected`, and PostgreSQL text refuses NUL.
NUL_LINE = b'{"id": "nul-1", "text": "Two people \x00 were hurt"\n'


@pytest.fixture(scope="module")
def outputs(seeds_output, tmp_path_factory, prefect_env):
    """Two states of one output folder: the seeds run, then a run that changes one article and adds bad input."""
    work = tmp_path_factory.mktemp("warehouse")
    second = copy_output(seeds_output, work / "second")
    batch = work / "more.jsonl"
    batch.write_bytes(
        json.dumps({"id": CHANGED_ARTICLE, "text": "Turnout was 55 percent on Sunday.",
                    "published_at": "2024-06-10"}).encode() + b"\n"
        + json.dumps({"id": "new-1", "text": "Seven soldiers were killed on Monday.",
                      "published_at": "2020-03-04"}).encode() + b"\n" + NUL_LINE)
    loaded = work / "after-run.duckdb"
    result = run_cli(["run", "--input", str(batch), "--output", str(second), "--no-progress",
                      "--load-to", f"duckdb:///{loaded}"], prefect_env)
    assert result.returncode == 0, result.stderr
    return seeds_output, second, result, loaded


@pytest.fixture(params=["duckdb", "postgresql"])
def warehouse(request, tmp_path):
    """A fresh target: a DuckDB file, or a schema of its own on the test PostgreSQL server."""
    if request.param == "duckdb":
        return Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}", None)
    url = request.getfixturevalue("postgres_url")
    return Warehouse(url, "t_" + uuid.uuid4().hex[:10])


class Warehouse:
    def __init__(self, url: str, schema: str | None):
        self.url, self.schema = url, schema
        self.target = parse_target(url)

    def load(self, source) -> dict[str, tuple[int, int, int, int]]:
        """Load in this process; per table: rows, inserted, updated, deleted."""
        done = load_tables(str(source), self.url, self.schema)
        return {r.table: (r.rows, r.inserted, r.updated, r.deleted) for r in done}

    def query(self, sql: str) -> list[tuple]:
        table_prefix = f'"{self.schema}".' if self.schema else ""
        sql = sql.replace("T.", table_prefix)
        if self.target.kind == "duckdb":
            import duckdb

            con = duckdb.connect(self.target.location, read_only=True)
            try:
                return con.execute(sql).fetchall()
            finally:
                con.close()
        import psycopg

        with psycopg.connect(self.url) as conn:
            return conn.execute(sql).fetchall()

    def column_types(self, table: str) -> dict[str, str]:
        schema = self.schema or ("main" if self.target.kind == "duckdb" else "public")
        rows = self.query(f"SELECT column_name, data_type, is_nullable FROM information_schema.columns "
                          f"WHERE table_name = '{table}' AND table_schema = '{schema}'")
        return {name: (kind.upper(), nullable) for name, kind, nullable in rows}


def test_tables_are_typed_from_the_arrow_schemas(outputs, warehouse, prefect_env):
    first, *_ = outputs
    warehouse.load(first)
    expected_kind = {pa.string(): "TEXT", pa.large_string(): "TEXT", pa.int64(): "BIGINT",
                     pa.float64(): "DOUBLE", pa.date32(): "DATE", pa.timestamp("us", tz="UTC"): "TIMESTAMP",
                     pa.list_(pa.string()): "ARRAY"}
    aliases = {"VARCHAR": "TEXT", "CHARACTER VARYING": "TEXT", "DOUBLE PRECISION": "DOUBLE",
               "TIMESTAMP WITH TIME ZONE": "TIMESTAMP", "VARCHAR[]": "ARRAY"}
    for name, table in TABLES.items():
        types = warehouse.column_types(name)
        assert set(types) == set(table.column_names) | {LOADED_AT}
        for column in table.columns:
            kind, nullable = types[column.name]
            assert aliases.get(kind, kind) == expected_kind[column.type], (name, column.name, kind)
            assert (nullable == "YES") == column.nullable, (name, column.name)
        assert aliases.get(types[LOADED_AT][0], types[LOADED_AT][0]) == "TIMESTAMP"
        assert types[LOADED_AT][1] == "NO"


def test_loaded_rows_equal_the_parquet_tables_with_their_python_types(outputs, warehouse, prefect_env):
    first, *_ = outputs
    warehouse.load(first)
    for name, table in TABLES.items():
        parquet = {r[table.key]: r for r in read_table(first, name)}
        cols = ", ".join(f'"{c}"' for c in table.column_names)
        rows = warehouse.query(f'SELECT {cols} FROM T."{name}"')
        loaded = {r[0]: dict(zip(table.column_names, r)) for r in rows}
        assert loaded.keys() == parquet.keys(), name
        for key, row in loaded.items():
            for column in table.column_names:
                # Dates come back as dates, timestamps as aware datetimes, lists as lists: equal to Arrow's values.
                assert row[column] == parquet[key][column], (name, key, column, row[column])


def test_loading_twice_adds_no_duplicates_and_keeps_load_times(outputs, warehouse, prefect_env):
    first, *_ = outputs
    done = warehouse.load(first)
    for name in TABLES:
        rows = len(read_table(first, name))
        assert done[name] == (rows, rows, 0, 0), name
    stamps = dict(warehouse.query('SELECT article_id, "_loaded_at" FROM T."articles"'))
    again = warehouse.load(first)
    for name in TABLES:
        rows = len(read_table(first, name))
        assert again[name] == (rows, 0, 0, 0), name
        assert warehouse.query(f'SELECT count(*), count(DISTINCT "{TABLES[name].key}") FROM T."{name}"') == [(rows, rows)]
    assert dict(warehouse.query('SELECT article_id, "_loaded_at" FROM T."articles"')) == stamps


def test_a_later_run_is_mirrored_changed_rows_replaced_and_new_rows_stamped(outputs, warehouse, prefect_env):
    first, second, *_ = outputs
    warehouse.load(first)
    before = dict(warehouse.query('SELECT article_id, "_loaded_at" FROM T."articles"'))
    done = warehouse.load(second)
    for name in TABLES:
        parquet_keys = {r[TABLES[name].key] for r in read_table(second, name)}
        loaded_keys = {r[0] for r in warehouse.query(f'SELECT "{TABLES[name].key}" FROM T."{name}"')}
        assert loaded_keys == parquet_keys, name
    assert done["articles"][1:] == (1, 1, 0)          # new-1 inserted, the changed article updated in place
    assert done["figures"][3] > 0                      # the changed article's old figures are gone
    after = dict(warehouse.query('SELECT article_id, "_loaded_at" FROM T."articles"'))
    assert after[CHANGED_ARTICLE] > before[CHANGED_ARTICLE]
    assert after["new-1"] > before[CHANGED_ARTICLE]
    unchanged = [a for a in before if a != CHANGED_ARTICLE]
    assert all(after[a] == before[a] for a in unchanged)
    raws = [r[0] for r in warehouse.query("SELECT raw FROM T.\"rejected\" WHERE reason = 'binary_content'")]
    assert len(raws) == 1 and "Two people" in raws[0]


def test_run_with_load_to_loads_after_the_run(outputs):
    _, second, result, loaded = outputs
    assert f"newsfacts load: {second}/ -> duckdb file {loaded}" in result.stdout
    import duckdb

    con = duckdb.connect(str(loaded), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == len(read_table(second, "articles"))
    finally:
        con.close()


def test_the_command_loads_and_prints_what_it_did(seeds_output, prefect_env, tmp_path):
    target = tmp_path / "cli.duckdb"
    result = run_cli(["load", "--from", str(seeds_output), "--to", f"duckdb:///{target}"], prefect_env)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    articles = len(read_table(seeds_output, "articles"))
    assert f"articles: {articles} rows; {articles} inserted, 0 updated, 0 deleted" in result.stdout
    assert target.exists()


def test_bad_targets_get_one_line_errors(seeds_output, prefect_env, tmp_path):
    for args, words in [
        (["load", "--from", str(seeds_output), "--to", "mysql://db"], "unknown warehouse"),
        (["load", "--from", str(tmp_path), "--to", f"duckdb:///{tmp_path / 'x.duckdb'}"], "no newsfacts tables"),
        (["load", "--from", str(seeds_output), "--to", "duckdb:///"], "duckdb:///FILE"),
    ]:
        result = run_cli(args, prefect_env)
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith("newsfacts: error: ") and words in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    refused = run_cli(["load", "--from", str(seeds_output), "--to", "postgresql://nobody@127.0.0.1:1/none"], prefect_env)
    assert refused.returncode == 1
    assert "cannot connect" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1


def test_parse_target():
    assert parse_target("duckdb:///rel/w.duckdb").location == "rel/w.duckdb"
    assert parse_target("duckdb:////abs/w.duckdb").location == "/abs/w.duckdb"
    assert parse_target("w.duckdb").kind == "duckdb"
    assert parse_target("postgres://u@h/db").kind == "postgresql"
    with pytest.raises(LoadError):
        parse_target("sqlite:///x.db")
