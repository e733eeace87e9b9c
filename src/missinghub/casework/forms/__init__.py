"""Casework forms, one module per piece of work, in the GOV.UK patterns of `web.forms`."""
