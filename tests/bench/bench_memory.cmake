# Benchmark `memory` (design.md section 5): RSS with the face models and Tesseract loaded after 1,000 simulated visits
# through the real session and widgets offscreen (<= 350 MB) and its growth after a warm-up (<= 5 %). About 0.15 s of
# CPU per visit: the QtTest function watchdog (300 s by default) is raised to the test's own timeout.
kiosk_add_test(NAME bench_memory SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/bench_memory.cpp LIBS kiosk_ui LABELS bench
               TIMEOUT 900 ENV "QTEST_FUNCTION_TIMEOUT=880000")
