"""CX maturity of a regional employment service (seed 004): the self-assessment checklist with
assessments and calibration (§3), and the level matrix of controls with the region's level (§1)."""
