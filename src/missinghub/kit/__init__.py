"""The bottom layer: a GOV.UK kit (form helpers, template tags, shared includes) and the named
hooks through which one app reacts to another's records. No domain models live here."""
