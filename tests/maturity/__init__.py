"""Tests of the maturity domain (seed 004)."""
