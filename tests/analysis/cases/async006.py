# Sync SDK clients bound to a name, used on the event loop.
import boto3
import httpx
import redis
import redis.asyncio as aioredis
import requests
import smtplib

s3 = boto3.client("s3")
cache = redis.Redis(host="localhost")
async_cache = aioredis.Redis(host="localhost")
http = httpx.Client()


async def upload(data: bytes) -> None:
    s3.put_object(Bucket="b", Key="k", Body=data)  # expect: ASYNC006
    s3.generate_presigned_url("get_object", Params={})  # ok: ASYNC006
    cache.pipeline()  # ok: ASYNC006
    cache.get("key")  # expect: ASYNC006
    await async_cache.get("key")  # ok: ASYNC006
    http.get("https://example.com")  # expect: ASYNC006
    session = requests.Session()
    session.get("https://example.com")  # expect: ASYNC006
    with smtplib.SMTP("localhost") as smtp:
        smtp.send_message(None)  # expect: ASYNC006


async def shadowed(cache: object) -> None:
    cache.get("key")  # ok: ASYNC006


def sync_use() -> None:
    s3.list_buckets()  # ok: ASYNC006


async def offloaded() -> None:
    def send() -> None:
        with smtplib.SMTP_SSL("smtp.example.com") as smtp:
            smtp.login("u", "p")  # ok: ASYNC006

    import asyncio

    await asyncio.to_thread(send)
