"""One codemod per fix: pure functions from libcst nodes to new nodes.

They know nothing of scopes or imports: the detector that reports the finding decides that
the edit is safe and how the names it introduces are spelled (`agentreview.fixes.offer`),
then calls the codemod. Each returns None where the edit is not mechanical.

- `sleep`: ASYNC002 `time.sleep(x)` -> `await asyncio.sleep(x)`
- `jose`: SEC001 `from jose import jwt` -> `import jwt`
- `annotated`: DEP001 `x: T = Depends(f)` -> `x: Annotated[T, Depends(f)]`
- `pydantic_config`: PYD005 config keys, `class Config` -> `model_config`, `@validator`
- `pydantic_methods`: PYD004 `.dict()` -> `.model_dump()` and the other v1 methods
- `pydantic_names`: PYD006 `regex=` -> `pattern=`, `BaseSettings` from `pydantic_settings`
- `httpx_transport`: TEST002 `AsyncClient(app=app)` -> `transport=ASGITransport(app=app)`
- `typing_aliases`: LINT002 `Optional[X]` -> `X | None`, `List[X]` -> `list[X]`
- `utcnow`: LINT004 `datetime.utcnow()` -> `datetime.now(UTC)`
- `strenum`: PYD009 `(str, Enum)` -> `StrEnum`
- `background_task`: API004 `add_task(f(a, b=c))` -> `add_task(f, a, b=c)`
"""
