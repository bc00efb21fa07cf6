"""Firmware known by the microcontroller SDK headers its sources include (firmware.sdk.*)."""

from __future__ import annotations

import pytest

from stackcheck.facts import merge
from stackcheck.facts.signals import modules_for
from stackcheck.facts.signals.firmware import scan_sources


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            '#include "ets_sys.h"\n#include "osapi.h"\n#include <espconn.h>\n'
            "void ICACHE_FLASH_ATTR user_init(void) {}\n",
            {"firmware.sdk.esp8266": 1},
            id="esp8266-nonos-sdk",
        ),
        pytest.param(
            '#include "freertos/FreeRTOS.h"\n#include "esp_wifi.h"\n#include "driver/gpio.h"\n',
            {"firmware.sdk.freertos": 1, "firmware.sdk.esp32": 1},
            id="esp-idf",
        ),
        pytest.param('#  include "stm32f4xx_hal.h"\n', {"firmware.sdk.stm32": 1}, id="stm32-hal"),
        pytest.param(
            "#include <avr/io.h>\n#include <util/delay.h>\n", {"firmware.sdk.avr": 1}, id="avr"
        ),
        pytest.param('#include "pico/stdlib.h"\n', {"firmware.sdk.pico": 1}, id="pico-sdk"),
        pytest.param("#include <zephyr/kernel.h>\n", {"firmware.sdk.zephyr": 1}, id="zephyr"),
        pytest.param(
            "#include <stdio.h>\n#include <linux/gpio.h>\n#include <pthread.h>\n"
            '#include "driver/database.h"\n#include "my_esp_helpers.h"\n',
            {},
            id="a-desktop-or-server-program",
        ),
        pytest.param("// #include <Arduino.h>\nint main() {}\n", {}, id="a-commented-include"),
    ],
)
def test_sdk_headers(source: str, expected: dict[str, float]) -> None:
    found = merge(scan_sources("src/main.c", source))
    assert {k: f.value for k, f in found.items()} == expected


def test_the_evidence_names_the_header_and_its_line() -> None:
    found = merge(scan_sources("user/main.c", '/* app */\n#include "osapi.h"\n'))
    evidence = found["firmware.sdk.esp8266"].evidence[0]
    assert (evidence.line, evidence.detail) == (2, "includes osapi.h (esp8266 SDK)")


@pytest.mark.parametrize(
    ("path", "routed"),
    [("user/main.c", True), ("lib/sensor.hpp", True), ("main.py", False), ("a.json", False)],
)
def test_only_c_and_cpp_sources_load_the_module(path: str, routed: bool) -> None:
    assert ("firmware" in modules_for(path)) is routed
