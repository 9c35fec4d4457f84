"""Scale-out: the same pipeline on all cores of a machine or on a Dask cluster.

    from marsad.scale import ingest_local, run_partitioned, load_into_store, read_table
    import marsad

    db = marsad.connect("news.db")
    ingest_local(db, ["corpus/"], workers=4)                 # same result as db.ingest(...)

    from distributed import Client
    summary = run_partitioned(["crawl.warc.gz", "feed.jsonl.gz"], "s3://bucket/marsad/",
                              client=Client("tcp://scheduler:8786"))
    load_into_store(db, summary.out, summary.partition_keys)
    events = read_table("s3://bucket/marsad/", "events").to_pandas()

Dask, pyarrow and warcio come with the `scale` extra; nothing here imports them until used.
"""
from .engine import (
    DEFAULT_PARTITION_SIZE,
    Partition,
    PipelinePlugin,
    ScaleSummary,
    Segment,
    ingest_local,
    iter_inputs,
    load_into_store,
    plan,
    plan_file,
    read_segment,
    run_partition,
    run_partitioned,
)
from .parquet import TABLES, PartitionStore, read_table
from .warc import index_warc, is_warc, read_warc

__all__ = [
    "DEFAULT_PARTITION_SIZE", "Partition", "PipelinePlugin", "ScaleSummary", "Segment", "ingest_local",
    "iter_inputs", "load_into_store", "plan", "plan_file", "read_segment", "run_partition",
    "run_partitioned", "TABLES", "PartitionStore", "read_table", "index_warc", "is_warc", "read_warc",
]
