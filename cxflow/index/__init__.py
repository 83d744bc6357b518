"""The customer-centricity index (seed 002): office surveys of job seekers and employers by
link and QR code, their review and counts; indicator scores come next (issue #16)."""
