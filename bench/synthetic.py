"""Synthetic FastAPI modules for the benchmark: realistic shapes, a sprinkling of anti-patterns.

A module is a header (imports, a router, a settings object) followed by blocks: pydantic
models, dependencies, routes, service helpers and small utility functions, in the proportions
a real `router.py`/`service.py` mix shows. About one block in five carries an anti-pattern
that agentreview, ruff (`ASYNC`, `FAST`, `UP`) and the script's semgrep rules look for: a
blocking call in `async def`, `Optional[...]`, a `= Depends(...)` default, `.dict()`, a v1
validator, `print()` in a route, `datetime.utcnow()`.

Everything is derived from a seed, so two runs build byte-identical inputs.
"""

from __future__ import annotations

import random

HEADER = '''"""{title}"""

import asyncio
import json
import logging
import os
import time
from datetime import UTC, datetime
from typing import Annotated, Any, Optional

import httpx
import requests
from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException, Query, status
from pydantic import BaseModel, ConfigDict, Field, validator
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.database import get_session
from app.settings import settings

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/{prefix}", tags=["{prefix}"])
SERVICE_URL = os.environ.get("{env}_SERVICE_URL", "https://{prefix}.internal")
'''

# The line every "1-line change" edits: a route's await becomes a blocking sleep.
PLAIN_LINE = "    await asyncio.sleep(0)\n"
CHANGED_LINE = "    time.sleep(0.05)\n"

_NOUNS = (
    "user",
    "order",
    "invoice",
    "product",
    "review",
    "ticket",
    "payment",
    "shipment",
    "coupon",
    "session",
    "report",
    "tenant",
    "project",
    "comment",
    "webhook",
    "device",
)


def _model(name: str, rng: random.Random, flawed: bool) -> str:
    fields = [
        "    id: int\n",
        f"    {name.lower()}_name: str = Field(min_length=1, max_length=120)\n",
        "    created_at: datetime\n",
        "    tags: list[str] = Field(default_factory=list)\n",
        f"    score: float = Field(default=0.0, ge=0, le={rng.randint(5, 100)})\n",
    ]
    rng.shuffle(fields)
    lines = [
        f"class {name}Read(BaseModel):\n",
        "    model_config = ConfigDict(from_attributes=True)\n\n",
    ]
    lines += fields
    if flawed:
        kind = rng.choice(("optional", "validator"))
        if kind == "optional":
            lines.append("    description: Optional[str] = None\n")
        else:
            lines += [
                "\n",
                f'    @validator("{name.lower()}_name")\n',
                "    def strip_name(cls, value: str) -> str:\n",
                "        return value.strip()\n",
            ]
    else:
        lines.append("    description: str | None = None\n")
    lines += [
        "\n\n",
        f"class {name}Create(BaseModel):\n",
        f"    {name.lower()}_name: str = Field(min_length=1, max_length=120)\n",
        "    tags: list[str] = Field(default_factory=list)\n",
        '    notes: str = ""\n',
    ]
    return "".join(lines)


def _dependency(name: str, flawed: bool) -> str:
    noun = name.lower()
    if flawed:
        return (
            f"async def current_{noun}(\n"
            f"    {noun}_id: int, session: AsyncSession = Depends(get_session)\n"
            f") -> dict[str, Any]:\n"
            f"    row = await session.execute(select({name}Table).where({name}Table.id == {noun}_id))\n"
            f"    found = row.scalar_one_or_none()\n"
            f"    if found is None:\n"
            f'        raise HTTPException(status_code=404, detail="{noun} not found")\n'
            f'    return {{"id": found.id, "name": found.name}}\n'
        )
    return (
        f"async def current_{noun}(\n"
        f"    {noun}_id: int, session: Annotated[AsyncSession, Depends(get_session)]\n"
        f") -> dict[str, Any]:\n"
        f"    row = await session.execute(select({name}Table).where({name}Table.id == {noun}_id))\n"
        f"    found = row.scalar_one_or_none()\n"
        f"    if found is None:\n"
        f'        raise HTTPException(status_code=404, detail="{noun} not found")\n'
        f'    return {{"id": found.id, "name": found.name}}\n'
    )


_FLAWS = (
    '    response = requests.get(f"{SERVICE_URL}/{item_id}", timeout=5)\n',
    "    time.sleep(0.1)\n",
    '    print("handling", item_id)\n',
    "    stamp = datetime.utcnow()\n",
    '    with open("/tmp/audit.log", "a") as audit:\n        audit.write(str(item_id))\n',
    "    payload = body.dict()\n",
)


def _route(name: str, index: int, rng: random.Random, flawed: bool) -> str:
    noun = name.lower()
    method = rng.choice(("get", "post", "put", "delete"))
    path = f"/{noun}s/{{item_id}}/v{index}"
    body_param = f"    body: {name}Create,\n" if method in ("post", "put") else ""
    lines = [
        f'@router.{method}("{path}", response_model={name}Read, status_code=status.HTTP_200_OK)\n',
        f"async def {method}_{noun}_{index}(\n",
        "    item_id: int,\n",
        body_param,
        f"    {noun}: Annotated[dict[str, Any], Depends(current_{noun})],\n",
        "    limit: Annotated[int, Query(ge=1, le=100)] = 20,\n",
        ") -> dict[str, Any]:\n",
        f'    logger.info("{method} {noun} %s", item_id)\n',
        PLAIN_LINE,
        "    async with httpx.AsyncClient(timeout=5) as client:\n",
        f'        upstream = await client.get(f"{{SERVICE_URL}}/{noun}s/{{item_id}}")\n',
        "    if upstream.status_code == 404:\n",
        f'        raise HTTPException(status_code=404, detail="{noun} not found upstream")\n',
        "    data = upstream.json()\n",
        '    items = [entry for entry in data.get("items", []) if entry.get("active")][:limit]\n',
        '    totals = {key: sum(entry.get(key, 0) for entry in items) for key in ("count", "size")}\n',
    ]
    if flawed:
        flaw = rng.choice(_FLAWS)
        if "body.dict" in flaw and not body_param:
            flaw = _FLAWS[0]
        lines.append(flaw)
    lines += [
        f'    return {{"id": item_id, "{noun}": {noun}["name"], "items": items, "totals": totals}}\n',
    ]
    return "".join(lines)


def _helper(name: str, index: int, rng: random.Random) -> str:
    noun = name.lower()
    threshold = rng.randint(2, 50)
    return (
        f"def summarise_{noun}s_{index}(rows: list[dict[str, Any]]) -> dict[str, float]:\n"
        f'    """Totals and averages of the {noun} rows, ignoring incomplete ones."""\n'
        '    complete = [row for row in rows if row.get("amount") is not None]\n'
        "    if not complete:\n"
        '        return {"total": 0.0, "average": 0.0}\n'
        '    total = sum(float(row["amount"]) for row in complete)\n'
        f'    large = [row for row in complete if float(row["amount"]) > {threshold}]\n'
        "    return {\n"
        '        "total": total,\n'
        '        "average": total / len(complete),\n'
        '        "large": float(len(large)),\n'
        "    }\n"
    )


def _service(name: str, flawed: bool) -> str:
    noun = name.lower()
    fetch = (
        f'        response = requests.get(f"{{SERVICE_URL}}/{noun}s", timeout=5)\n'
        if flawed
        else f'        response = await self.client.get(f"{{SERVICE_URL}}/{noun}s")\n'
    )
    return (
        f"class {name}Service:\n"
        f'    """Talks to the {noun} service; one instance per request."""\n'
        "\n"
        "    def __init__(self, client: httpx.AsyncClient) -> None:\n"
        "        self.client = client\n"
        "        self.cache: dict[int, dict[str, Any]] = {}\n"
        "\n"
        f"    async def list_{noun}s(self) -> list[dict[str, Any]]:\n"
        + fetch
        + "        response.raise_for_status()\n"
        "        return json.loads(response.text)\n"
        "\n"
        f"    async def get_{noun}(self, item_id: int) -> dict[str, Any] | None:\n"
        "        if item_id in self.cache:\n"
        "            return self.cache[item_id]\n"
        f'        response = await self.client.get(f"{{SERVICE_URL}}/{noun}s/{{item_id}}")\n'
        "        if response.status_code == 404:\n"
        "            return None\n"
        "        self.cache[item_id] = response.json()\n"
        "        return self.cache[item_id]\n"
    )


def _background(name: str) -> str:
    noun = name.lower()
    return (
        f"async def notify_{noun}_watchers(item_id: int) -> None:\n"
        "    await asyncio.sleep(0)\n"
        f'    logger.info("notified watchers of {noun} %s", item_id)\n'
        "\n\n"
        f'@router.post("/{noun}s/{{item_id}}/notify", status_code=202)\n'
        f"async def notify_{noun}(item_id: int, tasks: BackgroundTasks) -> dict[str, str]:\n"
        f"    tasks.add_task(notify_{noun}_watchers, item_id)\n"
        '    return {"status": "queued"}\n'
    )


def fastapi_module(lines: int, seed: int, *, flaw_rate: float = 0.2) -> str:
    """A FastAPI module of about `lines` lines (at least the header and one route)."""
    rng = random.Random(seed)
    noun = _NOUNS[seed % len(_NOUNS)]
    title = f"HTTP API for {noun}s (synthetic, seed {seed})."
    parts = [HEADER.format(title=title, prefix=noun + "s", env=noun.upper())]
    total = parts[0].count("\n")
    index = 0
    while True:
        name = _NOUNS[(seed + index) % len(_NOUNS)].title() + (
            str(index // len(_NOUNS)) if index >= len(_NOUNS) else ""
        )
        block = [
            _model(name, rng, rng.random() < flaw_rate),
            _dependency(name, rng.random() < flaw_rate),
            _route(name, index, rng, rng.random() < flaw_rate),
        ]
        extra = rng.random()
        if extra < 0.4:
            block.append(_helper(name, index, rng))
        elif extra < 0.7:
            block.append(_service(name, rng.random() < flaw_rate))
        else:
            block.append(_background(name))
        text = "\n\n" + "\n\n".join(block)
        size = text.count("\n")
        if total + size > lines:
            if index == 0:  # a small module: one route is the least it holds
                parts.append("\n\n" + block[2])
                total += block[2].count("\n") + 2
            break
        parts.append(text)
        total += size
        index += 1
        if total >= lines:
            break
    # Pad with small routes to land close to the requested size.
    pad = 0
    while total + 8 <= lines:
        text = (
            "\n\n"
            f'@router.get("/health/{pad}")\n'
            f"async def health_{pad}() -> dict[str, str]:\n"
            "    await asyncio.sleep(0)\n"
            f'    return {{"status": "ok", "check": "{pad}"}}\n'
        )
        parts.append(text)
        total += text.count("\n")
        pad += 1
    return "".join(parts)


def change_one_line(source: str) -> str:
    """The module with the middle route's `await asyncio.sleep(0)` made blocking (one line)."""
    lines = source.splitlines(keepends=True)
    candidates = [number for number, line in enumerate(lines) if line == PLAIN_LINE]
    if not candidates:
        raise ValueError("the module has no route to change")
    middle = candidates[len(candidates) // 2]
    lines[middle] = CHANGED_LINE
    return "".join(lines)


def new_route(seed: int, index: int) -> str:
    """A model and a route using the module's first dependency, about 30 lines: a PR's new code."""
    rng = random.Random(seed * 1000 + index)
    first = _NOUNS[seed % len(_NOUNS)].title()
    name = f"{first}V{index}"
    route = _route(first, 900 + index, rng, True).replace(f"{first}Read", f"{name}Read")
    return "\n\n" + _model(name, rng, True) + "\n\n" + route
