"""Importers: one module per input format, sharing parse → validate → apply in base.py."""
