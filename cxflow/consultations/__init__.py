"""The consultation log of the federal competence centre (seed 001 App. 4, 25; 002 App. 4)."""
