from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Benchmark-only commands and the trivial view. Installed only when
    DLL_BENCH_ENDPOINTS is set (make bench does), never in production."""

    name = "bench"
    verbose_name = "Benchmarks"
