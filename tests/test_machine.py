"""rnadl.machine describes the CPU a page ran on."""

from rnadl.machine import cores, cpu_description, instruction_set


def test_the_widest_instruction_set_is_named() -> None:
    assert instruction_set({"sse4_1", "avx2", "avx512f"}) == "AVX-512"
    assert instruction_set({"sse4_1", "avx2"}) == "AVX2"
    assert instruction_set({"sse4_1"}) == "SSE4.1"
    assert instruction_set(set()) == "desconocido"


def test_the_description_names_model_cores_and_set() -> None:
    text = cpu_description()
    count = cores()
    assert f", {count} núcleo" in text
    assert text.split(", ")[-1] in {"AVX-512", "AVX2", "SSE4.1", "desconocido"}
