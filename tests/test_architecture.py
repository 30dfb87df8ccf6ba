"""Every package of the product is on a floor that `lint-imports` checks."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Tests and benchmarks may import any floor; they are not part of the product.
NOT_PRODUCT = {"tests", "bench"}


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _product_packages() -> set[str]:
    return {
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in NOT_PRODUCT
    }


def test_every_package_is_analysed_and_on_a_floor():
    config = _pyproject()["tool"]["importlinter"]
    packages = _product_packages()
    assert packages <= set(config["root_packages"])
    [layers] = [c for c in config["contracts"] if c["type"] == "layers"]
    floors = {
        name.strip("() ")
        for layer in layers["layers"]
        for name in re.split(r"[|:]", layer)
    }
    assert packages <= floors


def test_every_package_is_installed():
    include = _pyproject()["tool"]["setuptools"]["packages"]["find"]["include"]
    assert {f"{package}*" for package in _product_packages()} <= set(include)


def test_no_contract_is_weakened_by_ignored_imports():
    for contract in _pyproject()["tool"]["importlinter"]["contracts"]:
        assert not contract.get("ignore_imports"), contract["name"]
