"""Regions (субъекты РФ) and their employment offices (ЦЗН)."""
