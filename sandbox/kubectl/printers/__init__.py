"""Formatting objects the way kubectl prints them: tables, describe, yaml/json/name/jsonpath."""
