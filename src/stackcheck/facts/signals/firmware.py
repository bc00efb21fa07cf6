"""Firmware written against a microcontroller's SDK, known by the headers its C and C++ include.

PlatformIO, Arduino sketches, ESP-IDF and Zephyr announce themselves by their project files
(layout.py, the PlatformIO manifest). A project built with a vendor's Makefile has none of
them; its sources include the SDK's own headers instead: the ESP8266 SDK's `osapi.h` and
`ets_sys.h`, ESP-IDF's `esp_wifi.h`, STM32's HAL, AVR's `avr/io.h`, the Pico SDK's
`pico/stdlib.h`, FreeRTOS, Zephyr, mbed, CMSIS. Headers a desktop or server program could
include too (`stdio.h`, `linux/...`, `pthread.h`) are not in the list.

Facts (one per file; the key names the platform):
    firmware.sdk.<platform>   a C or C++ file that includes that microcontroller SDK's header
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stackcheck.facts import Fact, fact
from stackcheck.facts.signals import FILE_SCANNERS, FileScanner
from stackcheck.facts.signals.tokens import Lines

# Header (as written between the include's brackets or quotes) -> platform.
_PLATFORM_HEADERS: tuple[tuple[str, str], ...] = (
    (r"(?:osapi|ets_sys|espconn|user_interface)\.h", "esp8266"),
    (r"esp_(?:system|wifi|log|err|event|sleep|timer|netif|http_server)\.h", "esp32"),
    (r"driver/(?:gpio|uart|i2c|spi_master|adc|ledc|rmt|i2s)\.h", "esp32"),
    (r"(?:freertos/)?FreeRTOS\.h", "freertos"),
    (r"stm32\w*\.h", "stm32"),
    (r"avr/(?:io|interrupt|pgmspace|wdt|sleep|eeprom)\.h|util/delay\.h", "avr"),
    (r"Arduino\.h", "arduino"),
    (r"nrf(?:_\w+)?\.h", "nrf"),
    (r"pico/\w+\.h|hardware/(?:gpio|uart|i2c|spi|pwm|adc|irq|pio|clocks)\.h", "pico"),
    (r"zephyr(?:/\w+)*\.h", "zephyr"),
    (r"cmsis_os2?\.h|core_cm\d+\.h", "cmsis"),
    (r"mbed\.h", "mbed"),
    (r"msp430\w*\.h", "msp430"),
    (r"xc\.h|pic\d+\w*\.h", "pic"),
    (r"libopencm3/[\w/]+\.h", "libopencm3"),
)
_INCLUDE = re.compile(
    r"^[ \t]*#[ \t]*include[ \t]*[<\"]("
    + "|".join(f"(?:{pattern})" for pattern, _ in _PLATFORM_HEADERS)
    + r")[>\"]",
    re.MULTILINE,
)
_PLATFORMS = tuple((re.compile(pattern), platform) for pattern, platform in _PLATFORM_HEADERS)


def scan_sources(path: str, text: str) -> Iterator[Fact]:
    found: dict[str, re.Match[str]] = {}
    for match in _INCLUDE.finditer(text):
        header = match.group(1)
        for pattern, platform in _PLATFORMS:
            if pattern.fullmatch(header):
                found.setdefault(platform, match)
                break
    if not found:
        return
    lines = Lines(text)
    for platform, match in sorted(found.items()):
        detail = f"includes {match.group(1)} ({platform} SDK)"
        yield fact(f"firmware.sdk.{platform}", path, lines.number(match.start()), detail)


ENDINGS = (".c", ".cc", ".cpp", ".cxx", ".h", ".hh", ".hpp", ".hxx")


def _wants(path: str) -> bool:
    return path.lower().endswith(ENDINGS)


FILE_SCANNERS.append(FileScanner("firmware-sdk", _wants, scan_sources, (b"include",), ENDINGS))
