"""dashboard/palette.py: the positions stay apart in grayscale and under colour-vision deficiency,
and every chart and export reads this one table."""
from __future__ import annotations

import itertools

import numpy as np
import pytest

from dashboard import palette
from dashboard.palette import NO_DATA_COLOR, POSITION_COLORS, POSITION_INK, POSITIONS, rgb

# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
DEUTERANOPIA = np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                         [-0.011820, 0.042940, 0.968881]])
PROTANOPIA = np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                       [-0.003882, -0.048116, 1.051998]])


def _linear(c):
    c = np.array(c) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _srgb(lin):
    lin = np.clip(lin, 0, 1)
    return np.where(lin <= 0.0031308, 12.92 * lin, 1.055 * lin ** (1 / 2.4) - 0.055) * 255


def _lab(c):
    x, y, z = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                        [0.0193, 0.1192, 0.9505]]) @ _linear(c)
    f = lambda t: np.cbrt(t) if t > 0.008856 else 7.787 * t + 16 / 116   # noqa: E731
    fx, fy, fz = f(x / 0.95047), f(y), f(z / 1.08883)
    return np.array([116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)])


def _simulate(c, matrix):
    return _srgb(matrix @ _linear(c))


@pytest.mark.parametrize("a, b", list(itertools.combinations(POSITIONS, 2)))
def test_positions_stay_apart_in_grayscale(a, b):
    # lightness alone (a grayscale print) tells them apart
    assert abs(_lab(rgb(POSITION_COLORS[a]))[0] - _lab(rgb(POSITION_COLORS[b]))[0]) >= 20


@pytest.mark.parametrize("matrix", [DEUTERANOPIA, PROTANOPIA], ids=["deuteranopia", "protanopia"])
@pytest.mark.parametrize("a, b", list(itertools.combinations(POSITIONS, 2)))
def test_positions_stay_apart_under_colour_blindness(a, b, matrix):
    ca, cb = (_lab(_simulate(rgb(POSITION_COLORS[p]), matrix)) for p in (a, b))
    assert np.linalg.norm(ca - cb) >= 25


def test_the_old_red_green_would_fail():
    # the reason for the change: support and oppose were 7 L* apart
    assert abs(_lab(rgb("#1a9850"))[0] - _lab(rgb("#d73027"))[0]) < 20


def test_no_data_is_apart_from_every_position():
    for p in POSITIONS:
        assert abs(_lab(rgb(POSITION_COLORS[p]))[0] - _lab(rgb(NO_DATA_COLOR))[0]) >= 12


def test_position_ink_is_readable_on_white():
    def luminance(c):
        r, g, b = _linear(rgb(c))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    for p in POSITIONS:
        assert (1.05) / (luminance(POSITION_INK[p]) + 0.05) >= 4.5   # WCAG AA


def test_every_position_has_its_own_shape():
    assert len(set(palette.POSITION_SHAPES[p] for p in POSITIONS)) == 3


def test_the_pack_reads_the_palette():
    from dashboard import export
    assert export._POSITION_COLOURS == palette.POSITION_RGB
    assert export._POSITION_INK == palette.POSITION_INK_RGB
