"""The printed table: plain text, aligned columns, built from the same dictionary as the JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

Cell = str | int | float | None

STARTUP_RATIO_TARGET = 1.3
TRANSITION_TARGET_MS = 16.0
MEMORY_GROWTH_TARGET_PCT = 10.0


def cell(value: Cell, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def table(headers: Sequence[str], rows: Sequence[Sequence[Cell]], digits: int = 1) -> list[str]:
    """Columns padded to their widest cell; text to the left, numbers to the right."""
    text = [[cell(value, digits) for value in row] for row in rows]
    widths = [max(len(row[index]) for row in [list(headers), *text]) for index in range(len(headers))]
    numeric = [
        all(isinstance(row[index], int | float) or row[index] is None for row in rows)
        for index in range(len(headers))
    ]

    def line(values: Sequence[str]) -> str:
        padded = [
            value.rjust(width) if right else value.ljust(width)
            for value, width, right in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(padded).rstrip()

    return [line(list(headers)), line(["-" * width for width in widths]), *(line(row) for row in text)]


def verdict(within: bool) -> str:
    return "within target" if within else "OVER target"


def startup_lines(startup: dict[str, Any]) -> list[str]:
    kiosk, bare = startup["kiosk"], startup["bare"]
    rows: list[list[Cell]] = []
    for label, data in (("kiosk, attract screen", kiosk), ("bare PySide6, empty QWidget", bare)):
        first = data["first_frame_ms"]
        rows.append(
            [
                label,
                first["median"],
                first["p95"],
                first["minimum"],
                first["maximum"],
                data["to_exit_ms"]["median"],
            ]
        )
    ratio = startup["ratio_first_frame"]
    lines = [
        f"a. Start-up to first frame: {startup['runs']} runs of each after {startup['warmup_runs']} warm-up, "
        "ms from spawn (median)",
        *table(["process", "first frame", "p95", "min", "max", "to exit"], rows),
        f"ratio kiosk / bare: {ratio:.2f} at first frame, {startup['ratio_to_exit']:.2f} to exit"
        f"   (target <= {STARTUP_RATIO_TARGET:g}: {verdict(ratio <= STARTUP_RATIO_TARGET)})",
        "kiosk phases, median ms: "
        + ", ".join(f"{name} {value:.0f}" for name, value in kiosk["phases_median_ms"].items()),
        "bare phases, median ms:  "
        + ", ".join(f"{name} {value:.0f}" for name, value in bare["phases_median_ms"].items()),
    ]
    if "ready_ms" in kiosk:
        lines.append(
            f"kiosk fully loaded behind the attract screen (database open, flows ready) at "
            f"{kiosk['ready_ms']['median']:,.0f} ms median; a touch before that is carried over"
        )
    return lines


def transition_lines(transitions: dict[str, Any]) -> list[str]:
    rows: list[list[Cell]] = []
    for row in transitions["transitions"]:
        paint = row["paint_ms"]
        keyboard = row["keyboard_scene_ms"]
        rows.append(
            [
                row["transition"],
                paint["n"],
                paint["median"],
                paint["p95"],
                paint["maximum"],
                row["first_ms"],
                keyboard["median"] if keyboard else None,
            ]
        )
    overall = transitions["all_paint_ms"]
    rows.append(
        ["all transitions", overall["n"], overall["median"], overall["p95"], overall["maximum"], None, None]
    )
    worst_p95 = max(row["paint_ms"]["p95"] for row in transitions["transitions"])
    return [
        f"b. Screen-to-screen transitions: {transitions['cycles']} loops after {transitions['warmup_cycles']} "
        "warm-up, ms from submit() to the new screen painted",
        *table(["transition", "n", "median", "p95", "max", "first", "kbd scene"], rows),
        f"worst p95 {worst_p95:.1f} ms (target <= {TRANSITION_TARGET_MS:g} ms: "
        f"{verdict(worst_p95 <= TRANSITION_TARGET_MS)})",
        f"the paint was Qt's own paint pass; repaint() had to force it {transitions['forced_repaints']} "
        f"of {overall['n']} times",
        "'first' = the cold first time (not in the statistics); 'kbd scene' = median time until the",
        "on-screen keyboard's Qt Quick scene had re-rendered, Qt's render timer included",
    ]


def memory_lines(memory: dict[str, Any]) -> list[str]:
    runs = memory["runs"]
    rows: list[list[Cell]] = [
        [
            f"run {index}",
            run["baseline_rss_mib"],
            run["after_rss_mib"],
            run["growth_pct"],
            run["dummy_printer_growth_mib"],
            run["seconds_per_session"],
        ]
        for index, run in enumerate(runs, start=1)
    ]
    median = memory["median"]
    rows.append(
        [
            "median",
            median["baseline_rss_mib"],
            median["after_rss_mib"],
            median["growth_pct"],
            median["dummy_printer_growth_mib"],
            median["seconds_per_session"],
        ]
    )
    growth = median["growth_pct"]
    first = runs[0]
    return [
        f"c. Resident memory: {first['sessions']} queue-ticket journeys through the window after "
        f"{first['warmup_sessions']} warm-up, {len(runs)} runs",
        *table(
            ["", "baseline MiB", "after MiB", "growth %", "of it dummy printer MiB", "s/journey"],
            rows,
            digits=2,
        ),
        f"growth {growth:.2f} % (target <= {MEMORY_GROWTH_TARGET_PCT:g} %: "
        f"{verdict(growth <= MEMORY_GROWTH_TARGET_PCT)})",
        "'of it dummy printer' = ESC/POS bytes the dummy: printer kept from the measured journeys",
        "RSS MiB every 10 journeys (median run): "
        + ", ".join(f"{sample['rss_mib']:.1f}" for sample in median_run(runs)["rss_trend"]),
    ]


def median_run(runs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The run whose growth is the median one (the lower middle one for an even count)."""
    ordered = sorted(runs, key=lambda run: float(run["growth_pct"]))
    return ordered[(len(ordered) - 1) // 2]


def refcount_lines(results: dict[str, Any]) -> list[str]:
    per_transition = results.get("transitions", {}).get("true_refs_lost_per_transition")
    memory = results.get("memory", {}).get("median", {})
    per_session = memory.get("true_refs_lost_per_session")
    if per_transition is None and per_session is None:
        return []
    parts = []
    if per_transition is not None:
        parts.append(f"{per_transition:g} per transition")
    if per_session is not None:
        parts.append(f"{per_session:g} per journey")
    lines = [
        "d. References to True lost through Signal.emit(): " + ", ".join(parts) + ".",
        "   PySide6 6.12.0 lost one per emit (on Python 3.11 the process then aborts with",
        "   'Fatal Python error: bool_dealloc'); the pinned version must show about 0.",
    ]
    projected = memory.get("projected_journeys_until_abort")
    if projected is not None:
        lines.append(f"   At this rate a kiosk process aborts after about {projected:,.0f} journeys.")
    return lines


def printing_lines(printing: dict[str, Any]) -> list[str]:
    rows = [
        [
            row["slip"],
            row["language"],
            row["raster"]["compose_ms"],
            row["raster"]["bytes"],
            row["raster"]["wire_s_19200"],
            row["native"]["compose_ms"],
            row["native"]["bytes"],
            row["native"]["wire_s_19200"],
            row["native"]["wire_s_115200"],
            row["native_to_raster_bytes"],
        ]
        for row in printing["rows"]
    ]
    headers = [
        "slip", "lang", "raster ms", "raster B", "s@19200", "native ms", "native B", "s@19200", "s@115200", "ratio B",
    ]  # fmt: skip
    return [
        f"e. Printing at {printing['paper_px']} dots: compose time (median of {printing['repeats']}) and bytes per "
        f"slip; native = printer text where a code page of {printing['native_model']} can spell it",
        *table(headers, rows, digits=2),
        "wire time = bytes x 10 bits / baud; ratio B = native bytes / raster bytes (the baseline)",
    ]


def card_lines(card: dict[str, Any]) -> list[str]:
    if "skipped" in card:
        return [f"f. Thai ID card read: skipped ({card['skipped']})"]
    ratio = card["ratio"]
    return [
        f"f. Thai ID card read (fixture {card['fixture']}, all fields and the photo, median of {card['repeats']}):",
        *table(
            ["reader", "APDUs", "ms"],
            [
                ["ours (read_thai_id)", card["apdus"], card["ours_ms"]],
                ["bare pyscard loop, same APDUs", card["apdus"], card["bare_ms"]],
            ],
            digits=2,
        ),
        f"ratio ours / bare: {ratio:.2f}   (target <= 1.2: {verdict(ratio <= 1.2)})",
    ]


def cccd_lines(cccd: dict[str, Any]) -> list[str]:
    if "skipped" in cccd:
        return [f"f2. CCCD chip read: skipped ({cccd['skipped']})"]
    rows: list[list[Cell]] = []
    for read in cccd["reads"]:
        label = f"{read['fixture']} ({read['access_control']})"
        rows.append([f"ours, {label}", read["apdus"], read["dg2_bytes"], read["ours_ms"], read["ratio"]])
        rows.append([f"bare replay, {label}", read["apdus"], read["dg2_bytes"], read["bare_ms"], None])
    verify = ", ".join(
        f"{read['passive_authentication_ms']:.2f} ms ({read['fixture']})" for read in cccd["reads"]
    )
    replayed = all(read["replay_identical"] for read in cccd["reads"])
    return [
        "f2. CCCD chip read (access control, EF.COM, DG1, DG2, DG13, EF.SOD, passive authentication; "
        f"median of {cccd['repeats']}):",
        *table(["reader", "APDUs", "DG2 bytes", "ms", "ours / bare"], rows, digits=2),
        f"passive authentication alone: {verify}; the bare replay got the recorded answers byte for byte: "
        f"{'yes' if replayed else 'NO'}",
    ]


def server_ingest_lines(data: dict[str, Any]) -> list[str]:
    rows: list[list[Cell]] = [
        [
            run["database"],
            run["transactions"],
            run["acknowledged"],
            run["tx_per_s"],
            run["bare_tx_per_s"],
            run["ratio"],
        ]
        for run in data["runs"]
    ]
    return [
        f"h. Server ingest, one worker: {data['kiosks']} kiosks at once, gzipped signed batches of "
        f"{data['batch']} queue tickets with personal fields, loopback HTTP",
        *table(["database", "sent", "acknowledged", "tx/s", "bare POST tx/s", "ours / bare"], rows, digits=2),
        "bare POST: the same request bytes to an endpoint that only reads the body (same uvicorn, same run)",
    ]


def camera_lines(data: dict[str, Any]) -> list[str]:
    rows: list[list[Cell]] = [
        [
            row["pipeline"],
            row["fps"],
            row["bare_fps"],
            f"{row['ratio']:.3f}",
            f"{row['found']}/{row['frames']}",
        ]
        for row in data["rows"]
    ]
    card = next(row for row in data["rows"] if row["key"] == "card")
    target = data["target_fps"]
    return [
        f"i. Camera vision on {data['frame']} recordings, one core (OpenCV threads off), median of {data['repeats']}:",
        *table(["per frame", "fps", "bare read+grey fps", "ours / bare", "found"], rows, digits=1),
        f"card pipeline {card['fps']:.1f} fps (target >= {target:g} fps: {verdict(card['fps'] >= target)}); "
        "bare = cv2.VideoCapture read + grey conversion of the same recording",
    ]


def sync_lines(data: dict[str, Any]) -> list[str]:
    enqueue = data["enqueue"]
    target = enqueue["target_ratio"]
    rows: list[list[Cell]] = [
        ["outbox enqueue (SQLAlchemy session)", enqueue["ours_per_s"], enqueue["ours_ms_per_commit"]],
        ["raw sqlite3, same rows and pragmas", enqueue["raw_per_s"], enqueue["raw_ms_per_commit"]],
    ]
    drains: list[list[Cell]] = [
        [
            run["database"],
            run["tx_per_s"],
            run["bare_tx_per_s"],
            f"{run['ratio']:.3f}",
            run["batch"],
            run["gzip_bytes_per_batch"],
        ]
        for run in data["drain"]
    ]
    return [
        f"j. Store and forward: {enqueue['commits']} one-row durable commits (WAL, synchronous=FULL, "
        f"BEGIN IMMEDIATE), median of {enqueue['repeats']}:",
        *table(["enqueue", "commits/s", "ms/commit"], rows, digits=2),
        f"ratio ours / raw: {enqueue['ratio']:.2f}   (target >= {target:g}: {verdict(enqueue['ratio'] >= target)}); "
        f"a whole queue ticket (lease draw, ticket, outbox row): {enqueue['tickets_per_s']:.0f}/s",
        f"drain of {data['drain'][0]['transactions']:,} transactions by the sync worker to kiosk-server "
        "(own process), vs the same gzipped bodies posted by a bare signed loop:",
        *table(["server database", "tx/s", "bare tx/s", "ours / bare", "batch", "gzip B/batch"], drains),
    ]


def fingerprint_lines(data: dict[str, Any]) -> list[str]:
    rows = [
        [name, data[name]["bytes"], data[name]["ms"], data[name]["wire_ms"]] for name in ("enroll", "verify")
    ]
    return [
        f"g. Fingerprint module at {data['baud']} baud (virtual module on a pty, median of {data['repeats']}):",
        *table(["operation", "bytes", "measured ms", "wire lower bound ms"], rows, digits=2),
        "the pty is not speed-limited: measured time can fall below the wire bound of the same bytes",
    ]


def command_line_lines(data: dict[str, Any]) -> list[str]:
    from bench.command_line import render as render_command_line

    text = render_command_line(data).splitlines()
    return [f"k. {text[0]}", *text[1:]]


LOAD_HEADERS = (
    "workers",
    "kiosks",
    "per worker",
    "req/s",
    "p99 ms",
    "gen lag p99",
    "cpu workers",
    "cpu pg",
    "cpu others",
    "load 1m",
    "per worker core",
)


def load_lines(data: dict[str, Any]) -> list[str]:
    rates = data["rates"]
    rows: list[list[Cell]] = []
    for run in data["runs"]:
        best = [step for step in run["steps"] if step["kiosks"] == run["kiosks_held"]]
        step = best[0] if best else {}
        rows.append(
            [
                run["workers"],
                run["kiosks_held"],
                run["kiosks_per_worker"],
                step.get("requests_per_s"),
                step.get("p99_ms"),
                step.get("generator_lag_p99_ms"),
                step.get("cpu_cores_workers"),
                step.get("cpu_cores_postgres"),
                step.get("cpu_cores_others"),
                step.get("load_average_1m"),
                run.get("kiosks_per_worker_core"),
            ]
        )
    return [
        f"l. Load: kiosks held with p99 < {data['p99_limit_ms']:.0f} ms, PostgreSQL (fsync on), steps of "
        f"{data['step_seconds']:.0f} s; per kiosk a ticket every {rates['ticket_interval_s']:.0f} s, a heartbeat "
        f"every {rates['heartbeat_s']:.0f} s, a lease of {rates['lease_block']} numbers when fewer than "
        f"{rates['lease_low_water']} are left; {data['cpus']} CPUs shared by everything",
        *table(LOAD_HEADERS, rows, digits=2),
        "kiosks: the most held (p99 of every request); cpu: cores used during that step; gen lag: the load "
        "generator's delay behind its schedule; per worker core: kiosks one core of worker CPU serves",
    ]


def render(results: dict[str, Any]) -> str:
    meta = results["meta"]
    lines = [
        f"Kiosk benchmark, {meta['finished_at']} - Python {meta['python']}, PySide6 {meta['pyside6']}, "
        f"{meta['cpus']} CPUs, QT_QPA_PLATFORM={meta['qt_qpa_platform']}",
        "",
    ]
    sections = (
        ("startup", startup_lines),
        ("transitions", transition_lines),
        ("memory", memory_lines),
        ("printing", printing_lines),
        ("card", card_lines),
        ("cccd", cccd_lines),
        ("fingerprint", fingerprint_lines),
        ("server_ingest", server_ingest_lines),
        ("camera", camera_lines),
        ("sync", sync_lines),
        ("command_line", command_line_lines),
        ("load", load_lines),
    )
    for key, build in sections:
        if key in results:
            lines += [*build(results[key]), ""]
    lines += refcount_lines(results)
    return "\n".join(lines).rstrip() + "\n"
