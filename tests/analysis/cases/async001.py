# Blocking HTTP calls on the event loop.
import functools
import urllib.request
from urllib.request import urlopen as fetch_url

import httpx
import requests
import requests as r
import urllib3
from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

router = APIRouter()


@router.get("/a")
async def direct(url: str) -> None:
    requests.get(url)  # expect: ASYNC001
    r.post(url, json={})  # expect: ASYNC001
    requests.request("PATCH", url)  # expect: ASYNC001
    httpx.get(url)  # expect: ASYNC001
    urllib.request.urlopen(url)  # expect: ASYNC001
    fetch_url(url)  # expect: ASYNC001
    urllib3.request("GET", url)  # expect: ASYNC001
    requests.Session().get(url)  # expect: ASYNC001
    httpx.Client().post(url)  # expect: ASYNC001
    urllib3.PoolManager().request("GET", url)  # expect: ASYNC001
    session = requests.Session()  # ok: ASYNC001
    httpx.Client().headers.update({})  # ok: ASYNC001


async def offloaded(url: str) -> None:
    await run_in_threadpool(requests.get, url)  # ok: ASYNC001
    await run_in_threadpool(requests.get(url))  # expect: ASYNC001
    partial = functools.partial(requests.get, url)  # ok: ASYNC001
    await run_in_threadpool(partial)  # ok: ASYNC001


async def nested_scopes(url: str) -> None:
    def helper() -> None:
        requests.get(url)  # ok: ASYNC001

    callback = lambda: requests.get(url)  # ok: ASYNC001
    results = [requests.get(u) for u in [url]]  # expect: ASYNC001

    class Inline:
        response = requests.get(url)  # expect: ASYNC001

        def method(self) -> None:
            requests.get(url)  # ok: ASYNC001

    await run_in_threadpool(helper)
    del callback, results, Inline


async def async_clients(url: str) -> None:
    async with httpx.AsyncClient() as client:
        await client.get(url)  # ok: ASYNC001


async def shadowed_by_parameter(requests: object, url: str) -> None:
    requests.get(url)  # ok: ASYNC001


async def shadowed_by_local(url: str) -> None:
    requests = FakeClient()
    requests.get(url)  # ok: ASYNC001


def sync_route_is_fine(url: str) -> None:
    requests.get(url)  # ok: ASYNC001


class FakeClient:
    def get(self, url: str) -> None: ...


async def default_is_evaluated_at_def_time(url: str = requests.get("x").text) -> None:  # ok: ASYNC001
    pass
