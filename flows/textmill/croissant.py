"""`croissant.json`: Croissant 1.1 metadata of a release (what dataset catalogues and hubs read).

One `cr:FileObject` per released Parquet file (sha256, encoding format), one `cr:RecordSet` per
table whose fields and types are generated from `schemas/` (the same source as the writers and the
card's data dictionary), and the run's provenance: pipeline version, config fingerprint(s) and an
input fingerprint, as PROV-O (`prov:wasGeneratedBy`) and as plain text in the Croissant RAI field
`rai:dataCollection`.

The JSON is written without mlcroissant (a heavy package for a few dozen lines of JSON); the tests
check it with mlcroissant, the reference implementation. Nothing in it depends on the clock, so
the same content gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from typing import Mapping

import pyarrow as pa

from textmill.schema import TABLES, load_schema, split_top_level

CROISSANT_VERSION = "http://mlcommons.org/croissant/1.1"
PARQUET_FORMAT = "application/x-parquet"
# schemas/ primitive type -> Croissant dataType (schema.org where it has one, else cr:)
DATA_TYPES = {
    "string": "sc:Text", "bool": "sc:Boolean", "int32": "cr:Int32", "int64": "cr:Int64",
    "float64": "cr:Float64", "date32": "sc:Date", "timestamp_utc": "sc:DateTime",
}

# The JSON-LD context of Croissant 1.1, as mlcroissant's make_context(ctx) for 1.1 gives it,
# plus PROV-O for the provenance.
CONTEXT = {
    "@language": "en", "@vocab": "https://schema.org/", "arrayShape": "cr:arrayShape", "citeAs": "cr:citeAs",
    "column": "cr:column", "conformsTo": "dct:conformsTo", "containedIn": "cr:containedIn",
    "cr": "http://mlcommons.org/croissant/", "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"}, "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/", "description": {"@container": "@language"},
    "equivalentProperty": "cr:equivalentProperty", "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract", "field": "cr:field", "fileProperty": "cr:fileProperty", "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet", "format": "cr:format", "includes": "cr:includes", "isArray": "cr:isArray",
    "isLiveDataset": "cr:isLiveDataset", "jsonPath": "cr:jsonPath", "key": "cr:key", "md5": "cr:md5",
    "name": {"@container": "@language"}, "parentField": "cr:parentField", "path": "cr:path",
    "recordSet": "cr:recordSet", "references": "cr:references", "regex": "cr:regex", "repeated": "cr:repeated",
    "replace": "cr:replace", "samplingRate": "cr:samplingRate", "sc": "https://schema.org/",
    "separator": "cr:separator", "source": "cr:source", "subField": "cr:subField", "transform": "cr:transform",
    "prov": "http://www.w3.org/ns/prov#",
}


def provenance(tables: Mapping[str, pa.Table], pipeline_version: str) -> dict:
    """Pipeline version, the config fingerprints the rows were made with, and an input fingerprint.

    The input fingerprint is sha256 over the sorted (source_key, source_sha256) of every document
    and reject: it names the exact raw inputs behind the release, from the release itself (the
    `runs` table's per-run fingerprint covers one run's inputs, not the union a release holds).
    """
    fingerprints, inputs = set(), []
    for table in ("documents", "rejects"):
        data = tables[table]
        fingerprints.update(v for v in data["pipeline_fingerprint"].to_pylist() if v)
        inputs += [f"{k}\t{s or ''}" for k, s in zip(data["source_key"].to_pylist(), data["source_sha256"].to_pylist())]
    return {
        "pipeline_version": pipeline_version,
        "config_fingerprints": sorted(fingerprints),
        "input_fingerprint": hashlib.sha256("\n".join(sorted(inputs)).encode()).hexdigest(),
        "n_inputs": len(inputs),
    }


def _field(table: str, name: str, spec: str, description: str, parent: tuple[str, str] | None = None) -> dict:
    """A cr:Field for one schema column, or for a member of a struct column (`parent` = the
    column's field id and name); list<T> is an array of T."""
    field_id = f"{parent[0] if parent else table}/{name}"
    out = {"@type": "cr:Field", "@id": field_id, "name": name, "description": description}
    if spec.startswith("list<"):
        out.update({"isArray": True, "arrayShape": "-1"})
        spec = spec[5:-1]
    if spec.startswith("struct<"):
        members = [part.split(":", 1) for part in split_top_level(spec[7:-1])]
        out["subField"] = [_field(table, m.strip(), t.strip(), f"{name}.{m.strip()}", (field_id, name)) for m, t in members]
    else:
        out["dataType"] = DATA_TYPES[spec]
    out["source"] = {"fileObject": {"@id": f"{table}.parquet"}, "extract": {"column": parent[1] if parent else name}}
    if parent:  # a struct member is read from its column's value by name
        out["source"]["transform"] = {"jsonPath": name}
    return out


def record_set(table: str) -> dict:
    schema = load_schema(table)
    return {
        "@type": "cr:RecordSet", "@id": table, "name": table,
        "description": f"{schema.description} (schemas/{table}.v{schema.version}.json)",
        "key": [{"@id": f"{table}/{k}"} for k in schema.key] if len(schema.key) > 1 else {"@id": f"{table}/{schema.key[0]}"},
        "field": [_field(table, c.name, c.type, c.description) for c in schema.columns],
    }


def croissant_metadata(manifest: Mapping, languages: list[str], prov: Mapping) -> dict:
    """The croissant.json document of a release (manifest: version and files with sha256)."""
    version = manifest["version"]
    fingerprints = ", ".join(prov["config_fingerprints"]) or "none"
    collection = (f"Raw scraped news articles curated by textmill {prov['pipeline_version']} "
                  f"(config fingerprint {fingerprints}; input fingerprint {prov['input_fingerprint']} over "
                  f"{prov['n_inputs']} inputs): text repaired, boilerplate removed with every removed line recorded, "
                  "paragraphs labelled with their role.")
    return {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "name": "textmill news paragraphs",
        "description": "Curated, paragraph-level news text: repaired text, boilerplate removed with every removed "
                       "line recorded (removed table), paragraphs with roles and quality signals, rejected inputs with reasons.",
        "conformsTo": CROISSANT_VERSION,
        "citeAs": f"textmill news paragraphs, release {version}",
        "license": "other",
        "url": "README.md",
        "version": version,
        "inLanguage": languages,
        "rai:dataCollection": collection,
        "prov:wasGeneratedBy": {
            "@type": "prov:Activity",
            "prov:wasAssociatedWith": {"@type": "prov:SoftwareAgent", "name": "textmill", "version": prov["pipeline_version"]},
            "prov:used": [{"@type": "PropertyValue", "name": "config_fingerprint", "value": f} for f in prov["config_fingerprints"]]
                         + [{"@type": "PropertyValue", "name": "input_fingerprint", "value": prov["input_fingerprint"]}],
        },
        "distribution": [
            {"@type": "cr:FileObject", "@id": f["path"], "name": f["path"], "contentUrl": f["path"],
             "contentSize": f"{f['bytes']} B", "encodingFormat": PARQUET_FORMAT, "sha256": f["sha256"]}
            for f in manifest["files"]
        ],
        "recordSet": [record_set(t) for t in TABLES],
    }


def croissant_json(manifest: Mapping, languages: list[str], prov: Mapping) -> str:
    return json.dumps(croissant_metadata(manifest, languages, prov), indent=2, ensure_ascii=False) + "\n"
