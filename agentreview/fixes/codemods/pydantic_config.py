"""PYD005 (and the config side of PYD003): Pydantic v1 configuration -> v2.

- A renamed key (`orm_mode` -> `from_attributes`, ...) wherever it is written: a keyword of
  `ConfigDict(...)`, a key of a `model_config` dict, an assignment in `class Config`.
- `class Config:` -> `model_config = ConfigDict(...)` (`SettingsConfigDict` for settings),
  when every line is `key = value` with a key v2 knows, on one line, with no comment to lose.
  Without a builder name the value is a plain dict, which Pydantic accepts as well.
- `@validator("a", pre=True)` -> `@field_validator("a", mode="before")` plus `@classmethod`,
  when the function takes just `(cls, value)` (v2 passes other things after the value) and
  the decorator is the innermost one. `always=` and `each_item=` have no mechanical v2 form.
"""

from __future__ import annotations

import libcst as cst

from agentreview.fixes.codemods._nodes import COMMA, TIGHT_EQUAL, expression, has_comment

# v1 config keys and their v2 names.
RENAMED_CONFIG_KEYS = {
    "orm_mode": "from_attributes",
    "allow_population_by_field_name": "populate_by_name",
    "schema_extra": "json_schema_extra",
}
# Keys a `class Config` may hold for the whole class to become `model_config`: those of
# Pydantic 2.14's `ConfigDict`. Written out rather than read from `pydantic.ConfigDict`,
# because importing pydantic costs a review more than the rest of its start-up, and what
# matters is the user's Pydantic, not ours (a test checks each key against the installed one).
V2_CONFIG_KEYS = frozenset(
    {
        "alias_generator",
        "allow_inf_nan",
        "arbitrary_types_allowed",
        "cache_strings",
        "coerce_numbers_to_str",
        "defer_build",
        "extra",
        "field_title_generator",
        "from_attributes",
        "frozen",
        "hide_input_in_errors",
        "ignored_types",
        "json_encoders",
        "json_schema_extra",
        "json_schema_mode_override",
        "json_schema_serialization_defaults_required",
        "loc_by_alias",
        "model_title_generator",
        "plugin_settings",
        "polymorphic_serialization",
        "populate_by_name",
        "protected_namespaces",
        "regex_engine",
        "revalidate_instances",
        "schema_generator",
        "ser_json_bytes",
        "ser_json_inf_nan",
        "ser_json_temporal",
        "ser_json_timedelta",
        "serialize_by_alias",
        "str_max_length",
        "str_min_length",
        "str_strip_whitespace",
        "str_to_lower",
        "str_to_upper",
        "strict",
        "title",
        "url_preserve_empty_path",
        "use_attribute_docstrings",
        "use_enum_values",
        "val_json_bytes",
        "val_temporal_unit",
        "validate_assignment",
        "validate_by_alias",
        "validate_by_name",
        "validate_default",
        "validate_return",
        "validation_error_cause",
    }
)
SETTINGS_CONFIG_KEYS = frozenset(
    {
        "case_sensitive",
        "env_file",
        "env_file_encoding",
        "env_ignore_empty",
        "env_nested_delimiter",
        "env_parse_none_str",
        "env_prefix",
        "secrets_dir",
    }
)
# `@validator` keywords with a v2 equivalent (`allow_reuse` is simply not needed any more).
_VALIDATOR_KEYWORDS = frozenset({"pre", "allow_reuse", "check_fields"})


def renamed_key(key: cst.CSTNode) -> cst.CSTNode | None:
    """A config key (a Name, or a string key of a dict) under its v2 name, or None."""
    if isinstance(key, cst.Name) and key.value in RENAMED_CONFIG_KEYS:
        return key.with_changes(value=RENAMED_CONFIG_KEYS[key.value])
    if isinstance(key, cst.SimpleString):
        value = key.evaluated_value
        if isinstance(value, str) and value in RENAMED_CONFIG_KEYS:
            text = f"{key.prefix}{key.quote}{RENAMED_CONFIG_KEYS[value]}{key.quote}"
            return key.with_changes(value=text)
    return None


def model_config_assignment(
    config: cst.ClassDef, *, settings: bool, builder: str | None
) -> cst.Assign | None:
    """`model_config = <builder>(key=value, ...)` (or `{"key": value}`) for a `class Config`."""
    if config.bases or config.keywords or config.decorators or has_comment(config):
        return None
    if not isinstance(config.body, cst.IndentedBlock):
        return None
    allowed = V2_CONFIG_KEYS | (SETTINGS_CONFIG_KEYS if settings else frozenset())
    items: list[tuple[str, cst.BaseExpression]] = []
    for line in config.body.body:
        if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
            return None
        statement = line.body[0]
        if not isinstance(statement, cst.Assign) or len(statement.targets) != 1:
            return None
        target = statement.targets[0].target
        if not isinstance(target, cst.Name):
            return None
        key = RENAMED_CONFIG_KEYS.get(target.value, target.value)
        if key not in allowed or "\n" in cst.Module(body=[]).code_for_node(statement.value):
            return None
        items.append((key, statement.value))
    if not items:
        return None
    value: cst.BaseExpression
    if builder is not None:
        args = [
            cst.Arg(keyword=cst.Name(key), value=item, equal=TIGHT_EQUAL, comma=COMMA)
            for key, item in items
        ]
        args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        value = cst.Call(func=expression(builder), args=args)
    else:
        elements = [
            cst.DictElement(key=cst.SimpleString(f'"{key}"'), value=item, comma=COMMA)
            for key, item in items
        ]
        elements[-1] = elements[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        value = cst.Dict(elements=elements)
    return cst.Assign(targets=[cst.AssignTarget(target=cst.Name("model_config"))], value=value)


def field_validator_decorators(
    function: cst.FunctionDef, decorator: cst.Decorator, field_validator: str
) -> list[cst.Decorator] | None:
    """The decorators replacing a v1 `@validator(...)`: `@<field_validator>(...)` and, unless
    the function already has it right below, `@classmethod`. None when not mechanical."""
    call = decorator.decorator
    if not isinstance(call, cst.Call) or not _takes_class_and_value(function):
        return None
    decorators = list(function.decorators)
    if decorator not in decorators:
        return None
    below = decorators[decorators.index(decorator) + 1 :]
    has_classmethod = [_decorator_name(item) for item in below] == ["classmethod"]
    if below and not has_classmethod:
        return None  # `@classmethod` would wrap another decorator's result
    args: list[cst.Arg] = []
    for arg in call.args:
        if arg.star:
            return None
        if arg.keyword is None:
            args.append(arg)
        elif arg.keyword.value not in _VALIDATOR_KEYWORDS:
            return None
        elif arg.keyword.value == "pre":
            if not isinstance(arg.value, cst.Name) or arg.value.value not in ("True", "False"):
                return None
            if arg.value.value == "True":
                args.append(
                    arg.with_changes(keyword=cst.Name("mode"), value=cst.SimpleString('"before"'))
                )
        elif arg.keyword.value == "check_fields":
            args.append(arg)
    if not any(arg.keyword is None for arg in args):
        return None
    args[-1] = args[-1].with_changes(comma=call.args[-1].comma)
    for index in range(len(args) - 1):
        if args[index].comma is cst.MaybeSentinel.DEFAULT:
            args[index] = args[index].with_changes(comma=COMMA)
    new = decorator.with_changes(
        decorator=call.with_changes(func=expression(field_validator), args=args)
    )
    if has_classmethod:
        return [new]
    return [new, cst.Decorator(decorator=cst.Name("classmethod"))]


def _takes_class_and_value(function: cst.FunctionDef) -> bool:
    params = function.params
    positional = [*params.posonly_params, *params.params]
    return (
        len(positional) == 2
        and all(param.default is None for param in positional)
        and not params.kwonly_params
        and not isinstance(params.star_arg, cst.Param)
        and params.star_kwarg is None
        and function.asynchronous is None
    )


def _decorator_name(decorator: cst.Decorator) -> str | None:
    return decorator.decorator.value if isinstance(decorator.decorator, cst.Name) else None
