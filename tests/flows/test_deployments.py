"""prefect.yaml names real flows with parameters they accept."""

from __future__ import annotations

import importlib.util
import inspect
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_every_deployment_entrypoint_is_a_flow_with_valid_parameters():
    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text())
    assert spec["deployments"]
    for dep in spec["deployments"]:
        file, func = dep["entrypoint"].split(":")
        module_spec = importlib.util.spec_from_file_location("entry", ROOT / file)
        module = importlib.util.module_from_spec(module_spec)
        module_spec.loader.exec_module(module)
        flow = getattr(module, func)
        params = inspect.signature(flow.fn).parameters
        assert set(dep.get("parameters", {})) <= set(params), dep["name"]
        for schedule in dep.get("schedules", []):
            assert len(schedule["cron"].split()) == 5
