"""Duplicate clusters: exact and near-duplicate paragraphs join, different ones do not; stable ids."""

from __future__ import annotations

import hashlib
import re
import zlib

import numpy as np

from textmill import dedup
from textmill.dedup import DedupConfig, assign_clusters, band_keys, band_keys_many
from textmill.signals import text_hash

ORIGINAL = ("Much of Washington is wary about working too closely with Russia. The U.S. doesn't want to be seen "
            "as entrenching Assad, whom American officials have referred to as a butcher.")
EDITED = ("Much of Washington is wary about working too closely with Russia. The US does not want to be seen "
          "as entrenching Assad, whom American officials have referred to as a butcher.")
OTHER = ("The talks in Moscow are scheduled fewer than three weeks before an August ultimatum for diplomatic "
         "progress. All signs augur poorly for a breakthrough.")
SAME_STORY = ("Much of Washington is wary about Russia. A dissent cable signed by 51 State Department officials "
              "last month showed a sizable part of the diplomatic establishment wanting force.")


def _cluster(texts, ids):
    hashes = [text_hash(t) for t in texts]
    return assign_clusters(ids, hashes, {h: band_keys(t) for h, t in zip(hashes, texts)})


def test_band_keys_are_deterministic_and_none_for_short_text():
    assert band_keys(ORIGINAL) == band_keys(ORIGINAL) and len(band_keys(ORIGINAL)) == 16
    assert band_keys("Aleppo blocked") is None


def test_near_duplicates_share_a_cluster_and_others_do_not():
    ids = ["b-0003", "a-0007", "c-0001", "d-0002"]
    clusters, first = _cluster([EDITED, ORIGINAL, OTHER, SAME_STORY], ids)
    assert clusters[0] == clusters[1] == text_hash(ORIGINAL)  # a-0007 is the smallest id of the pair
    assert first == [False, True, True, True]
    assert len({clusters[0], clusters[2], clusters[3]}) == 3


def test_exact_duplicates_cluster_even_when_short():
    clusters, first = _cluster(["Aleppo blocked", "aleppo  blocked!", "A break for aid"], ["x-0001", "w-0000", "y-0000"])
    assert clusters[0] == clusters[1] and first == [False, True, True]


def test_cluster_id_follows_the_first_member():
    c1, _ = _cluster([ORIGINAL, EDITED], ["b-0000", "c-0000"])
    c2, _ = _cluster([ORIGINAL, EDITED, EDITED], ["b-0000", "c-0000", "a-0000"])
    assert c1 == [text_hash(ORIGINAL)] * 2 and c2 == [text_hash(EDITED)] * 3


def test_joined_groups_merge_clusters_without_band_keys():
    ids = ["a-0000", "b-0000", "c-0000"]
    hashes = ["h1", "h2", "h3"]
    clusters, first = assign_clusters(ids, hashes, {}, joined=[["h2", "h3"]])
    assert clusters == ["h1", "h2", "h2"] and first == [True, True, False]


def _reference_band_keys(text: str, config: DedupConfig = DedupConfig()) -> list[int] | None:
    """The per-text algorithm written out plainly (numpy `%`, one blake2b per band): the keys of
    the minhash table of earlier runs, which the bulk path must reproduce bit for bit."""
    words = re.findall(r"\w+", text.casefold())
    if len(words) < config.min_words:
        return None
    k = config.shingle_words
    shingles = {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}
    h = np.array([zlib.crc32(s.encode("utf-8")) for s in shingles], dtype=np.uint64)
    rng = np.random.Generator(np.random.PCG64(config.seed))
    a = rng.integers(1, (1 << 61) - 1, size=config.num_perm, dtype=np.uint64)
    b = rng.integers(0, (1 << 61) - 1, size=config.num_perm, dtype=np.uint64)
    sig = ((np.outer(h, a) + b) % np.uint64((1 << 61) - 1)).min(axis=0)
    rows = config.num_perm // config.bands
    return [int.from_bytes(hashlib.blake2b(sig[i * rows:(i + 1) * rows].tobytes(), digest_size=8,
                                           person=b"band%04d" % i).digest(), "little", signed=True)
            for i in range(config.bands)]


def test_bulk_band_keys_equal_the_per_text_algorithm_across_chunks(monkeypatch):
    texts = [ORIGINAL, "Aleppo blocked", EDITED, OTHER, "", SAME_STORY, ORIGINAL + " " + OTHER, ORIGINAL]
    monkeypatch.setattr(dedup, "_CHUNK_CELLS", 64 * 40)  # a few texts per chunk: chunk edges are exercised
    assert band_keys_many(texts) == [_reference_band_keys(t) for t in texts]
    assert [band_keys(t) for t in texts] == [_reference_band_keys(t) for t in texts]


def _reference_clusters(ids, hashes, bands, config, joined):
    """The cluster rule written out plainly (dict buckets, pair counts, union-find on strings):
    what the columnar `cluster_columns` must reproduce."""
    parent = {}

    def find(x):
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    def union(x, y):
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)

    for group in joined:
        for other in group[1:]:
            union(group[0], other)
    buckets = {}
    for th in sorted(set(hashes)):
        for key in bands.get(th) or ():
            buckets.setdefault(key, []).append(th)
    shared = {}
    for members in buckets.values():
        if len(members) > config.max_bucket:
            for other in members[1:]:
                union(members[0], other)
            continue
        for i, x in enumerate(members):
            for y in members[i + 1:]:
                shared[(x, y)] = shared.get((x, y), 0) + 1
    for (x, y), n in shared.items():
        if n >= config.min_shared_bands:
            union(x, y)
    first = {}
    for pid, th in zip(ids, hashes):
        root = find(th)
        if root not in first or pid < first[root][0]:
            first[root] = (pid, th)
    return [first[find(th)][1] for th in hashes], [pid == first[find(th)][0] for pid, th in zip(ids, hashes)]


def test_columnar_clusters_equal_the_plain_rule_on_random_cases():
    import random

    rng = random.Random(1)
    for _ in range(300):
        pool = list(dict.fromkeys(f"h{rng.randint(0, 10**6):07d}" for _ in range(rng.randint(1, 60))))
        n = rng.randint(1, 120)
        ids = [f"p{rng.randint(0, 500):04d}" for _ in range(n)]  # repeated ids: ties go to the first row
        hashes = [rng.choice(pool) for _ in range(n)]
        span = rng.randint(2, 300)  # few distinct keys: big buckets and shared pairs
        bands = {h: None if rng.random() < 0.2 else [rng.randint(-span, span) for _ in range(rng.randint(0, 16))]
                 for h in pool + ["not-a-paragraph"]}
        joined = [rng.sample(pool, rng.randint(1, min(4, len(pool)))) for _ in range(rng.randint(0, 4))]
        config = DedupConfig(max_bucket=rng.choice([2, 3, 64]), min_shared_bands=rng.choice([1, 2, 3]))
        assert assign_clusters(ids, hashes, bands, config, joined=joined) == _reference_clusters(ids, hashes, bands, config, joined)
