"""Packs for the regulator (ICO or SIC): the complaint or submission bundle as one PDF or a ZIP."""
