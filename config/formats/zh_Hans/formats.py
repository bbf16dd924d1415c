"""Simplified Chinese: "1月6日", not Django's zero-padded "01月6日"."""

MONTH_DAY_FORMAT = "n月j日"
