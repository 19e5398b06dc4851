"""Whether a complaint reports danger now: fire, smoke, gas, someone trapped, sparks, flooding, a fall."""

from __future__ import annotations

import re

_DANGER = re.compile(
    r"着火|起火|失火|火灾|烧起来|冒烟|冒黑烟|浓烟|烟很大|好大的烟|全是烟|有烟|烧焦味|糊味"
    r"|煤气味|燃气味|天然气味|液化气味|煤气泄漏|燃气泄漏|漏气|气味很冲.*煤气"
    r"|困人|被困|困.{0,3}里面|困在|困住|困了?(?:一个|一位|两个|几个|个)?(?:人|老人|孩子|小孩|老太太|大爷|大妈)|关在电梯|卡在电梯|电梯里出不来|出不来|卡住了|卡在半|卡在.{0,4}层"
    r"|火花|打火|电火花|冒火|短路|漏电|触电|电线.*(?:烧|冒)"
    r"|淹了|水漫|漫进|灌进|倒灌|泡水|进水了|爆管|水管爆|管子爆|爆了.*水|喷水|水流成河"
    r"|摔倒|摔伤|摔了|跌倒|掉下去|掉进|坠落|砸到人|砸伤|砸中|晕倒|昏倒|流血|受伤|"
    r"掉下来.*(?:人|差点)|差点砸"
)
# Worry about what could happen is not danger now.
_HYPOTHETICAL = re.compile(
    r"(?:万一|怕|害怕|担心|容易|可能会|会不会|迟早|要是|如果|以防|小心|隐患|防止|避免|预防|一旦|早晚|上次|以前|去年|之前)"
    r"[^,，。!！?？\s]{0,8}$"
)
_RESOLVED = re.compile(r"已经(?:灭|没事|救出|修好|处理)|已.{0,2}(?:扑灭|救出)")


def is_urgent(text: str) -> bool:
    for m in _DANGER.finditer(text):
        before = text[max(0, m.start() - 12) : m.start()]
        if _HYPOTHETICAL.search(before):
            continue
        if _RESOLVED.search(text[m.end() : m.end() + 10]):
            continue
        return True
    return False
