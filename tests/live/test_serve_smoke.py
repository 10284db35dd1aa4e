"""Start the real server the way a user would and fetch the main pages."""

from __future__ import annotations

import pytest

from tests.live.server import get, hiraku, serving

pytestmark = pytest.mark.live


def test_serve_answers_home_list_and_dataset_pages(fresh_database_env):
    env = fresh_database_env
    hiraku("migrate", "--no-input", env=env)
    hiraku("demo", env=env)
    with serving(env) as base:
        status, home = get(f"{base}/")
        assert status == 200 and "焼津市" in home
        status, listing = get(f"{base}/dataset/")
        assert status == 200 and "AED設置箇所一覧（焼津市）" in listing
        status, page = get(f"{base}/dataset/yaizu-aed/")
        assert status == 200 and "公共データ利用規約" in page
        status, english = get(f"{base}/en/dataset/yaizu-aed/")
        assert status == 200 and "AED locations (Yaizu)" in english
