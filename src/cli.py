"""Command-line interface (placeholder until the pipeline lands)."""


def main() -> int:
    return 0
