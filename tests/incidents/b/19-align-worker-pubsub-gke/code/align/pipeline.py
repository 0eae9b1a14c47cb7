import subprocess
import tempfile
from pathlib import Path

from google.cloud import storage

_gcs = storage.Client()


def run_alignment(sample: dict) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        reads = Path(tmp) / "reads.fastq.gz"
        bucket, _, key = sample["reads_uri"].removeprefix("gs://").partition("/")
        _gcs.bucket(bucket).blob(key).download_to_filename(reads)
        out = Path(tmp) / "aligned.bam"
        subprocess.run(
            f"minimap2 -ax sr /ref/GRCh38.mmi {reads} | samtools sort -@4 -o {out} -",
            shell=True, check=True, capture_output=True,
        )
        dest = f"aligned/{sample['sample_id']}.bam"
        _gcs.bucket(bucket).blob(dest).upload_from_filename(out)
        return {"bam": f"gs://{bucket}/{dest}", "bytes": out.stat().st_size}
