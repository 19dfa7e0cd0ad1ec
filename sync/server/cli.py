"""``kiosk-server``: the central server's command line."""

from __future__ import annotations

import argparse
import sys

import uvicorn

from sync.server.app import create_app


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk-server", description="Central server for district kiosks.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8787)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        try:
            uvicorn.run(create_app(), host=args.host, port=args.port, log_level="info")
        except OSError as exc:
            print(f"The server could not start on {args.host}:{args.port}: {exc.strerror}.", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
