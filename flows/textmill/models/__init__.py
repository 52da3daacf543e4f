"""Learned models shipped with textmill, as data: each file has its training script and a README
with the data, seed and measured scores (see textmill.segment.learned)."""
