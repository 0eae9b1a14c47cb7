from unittest import mock

import pandas as pd

from csv_importer import jobs


def test_normalise_renames_and_parses(tmp_path):
    df = pd.DataFrame(
        {
            "Line": ["1", "2"],
            "SKU": [" ab-1 ", "cd-2"],
            "Quantity": ["3", "x"],
            "Weight (kg)": ["1.5", "2"],
            "Origin": ["RTM", "HAM"],
            "Destination": ["LYS", "WAW"],
            "Ship Date": ["02/12/2026", "03/12/2026"],
        }
    )
    out = jobs._normalise(df)
    assert out.loc[0, "sku"] == "AB-1"
    assert pd.isna(out.loc[1, "qty"])


def test_import_csv_skips_invalid_rows(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text(
        "Line,SKU,Quantity,Weight (kg),Origin,Destination,Ship Date\n"
        "1,A,1,1.0,RTM,LYS,01/12/2026\n"
        "2,B,,1.0,RTM,LYS,01/12/2026\n"
    )
    with mock.patch.object(jobs.db, "upsert_lines", side_effect=lambda r: len(r)) as up, \
            mock.patch.object(jobs.db, "mark_manifest"):
        assert jobs.import_csv(str(path), 7, "m1") == 1
    assert up.call_args[0][0][0]["tenant_id"] == 7
