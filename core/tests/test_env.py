import pytest
from django.core.exceptions import ImproperlyConfigured

from kefu.env import env_bool, env_int, env_list


def test_env_bool_accepts_only_true_and_false_words(monkeypatch):
    monkeypatch.setenv("KEFU_X", "true")
    assert env_bool("KEFU_X", False) is True
    monkeypatch.setenv("KEFU_X", "off")
    assert env_bool("KEFU_X", True) is False
    monkeypatch.setenv("KEFU_X", "ture")
    with pytest.raises(ImproperlyConfigured):
        env_bool("KEFU_X", False)


def test_env_int_refuses_garbage(monkeypatch):
    monkeypatch.setenv("KEFU_N", "30s")
    with pytest.raises(ImproperlyConfigured):
        env_int("KEFU_N", 30)
    monkeypatch.delenv("KEFU_N")
    assert env_int("KEFU_N", 30) == 30


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("KEFU_L", " a.example , b.example,")
    assert env_list("KEFU_L", "") == ["a.example", "b.example"]
