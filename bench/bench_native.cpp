// Native engine benchmark: times each stage on one export pair and prints one
// JSON object (read by bench/run.mjs). Numbers, not a test: it never fails on
// slowness, only on unreadable files or bad usage (exit 2).
//
//   flagplan_bench SOURCE TARGET [--runs N] [--format FORMAT]
//
// Each run, on the same bytes already in memory (file reading is not timed):
//   parse       parse_export of both texts
//   validate    validate_snapshot of both snapshots (+ resolve_positions)
//   analyze     analyze(): parse + validate + plan + select of both, as the
//               CLI and the wasm module run it
//   plan        analyze - parse - validate: the environment check, the
//               planner, rename/stage/risk findings and the selection
//   render      render() of that analysis as FORMAT (default: `sh`, the apply
//               script, when the registry has it, else `json`)
//   endToEnd    analyze + render; cpuEndToEnd is its process CPU time (on a
//               shared machine wall time includes waiting for a core)
//   replan      replan() of the last run's analysis with walk-stages turned
//               on, then off again (the page's re-planning clicks: nothing
//               parsed again), the median of both directions; measured after
//               the peak RSS is read, so it does not change that figure
// Reported: the median of N runs (default 5) per phase, in milliseconds;
// peak RSS of the process (VmHWM, inputs included) and the RSS once both
// inputs are loaded, in KiB; heapKiB: what malloc holds (glibc's mallinfo2,
// -1 elsewhere) with the inputs loaded, after analyze() and after render() of
// the last run, in KiB.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "flagplan/analyze/analyze.hpp"
#include "flagplan/js/js_regex.hpp"
#include "flagplan/parse/parse.hpp"
#include "flagplan/plan/plan.hpp"
#include "flagplan/render/render.hpp"
#include "flagplan/select/select.hpp"
#include "flagplan/validate/validate.hpp"

#if defined(__GLIBC__) && !defined(__EMSCRIPTEN__)
#include <malloc.h>
#endif

#ifdef __EMSCRIPTEN__
// The same program built with em++ (bench/build-wasm-bench.sh) measures the
// engine as WebAssembly, with the browser build's RegexEngine (the host's
// JavaScript RegExp) and the module's heap size instead of RSS.
#include <emscripten/heap.h>

#include "../wasm/js_regex_engine.hpp"
#endif

namespace {

using namespace flagplan;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/// A field of /proc/self/status in KiB ("VmHWM", "VmRSS"); -1 when unknown.
/// Under Emscripten: the WebAssembly heap size (it only grows, so it is the
/// peak) for both.
long proc_status_kib(const char* field) {
#ifdef __EMSCRIPTEN__
    (void)field;
    return static_cast<long>(emscripten_get_heap_size() / 1024);
#endif
    std::ifstream in("/proc/self/status");
    std::string line;
    std::size_t n = std::strlen(field);
    while (std::getline(in, line))
        if (line.compare(0, n, field) == 0 && line.size() > n && line[n] == ':')
            return std::stol(line.substr(n + 1));
    return -1;
}

/// Bytes malloc holds for the program now, in KiB (glibc's mallinfo2; -1
/// elsewhere): where the peak goes, phase by phase.
long heap_in_use_kib() {
#if defined(__GLIBC__) && !defined(__EMSCRIPTEN__)
    const auto info = mallinfo2();  // small chunks in the arenas + large ones mapped apart
    return static_cast<long>((info.uordblks + info.hblkhd) / 1024);
#else
    return -1;
#endif
}

bool read_file(const char* path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !in.bad();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: flagplan_bench SOURCE TARGET [--runs N] [--format FORMAT]\n";
        return 2;
    }
    int runs = 5;
    std::string format;
    for (int i = 3; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--runs" && i + 1 < argc) runs = std::max(1, std::atoi(argv[++i]));
        else if (a == "--format" && i + 1 < argc) format = argv[++i];
        else {
            std::cerr << "flagplan_bench: unknown argument " << a << "\n";
            return 2;
        }
    }
    if (format.empty()) {
        format = "json";
        for (const Renderer& r : renderers())
            if (std::string(r.format) == "sh") format = "sh";
    }
    std::string source_text, target_text;
    if (!read_file(argv[1], source_text) || !read_file(argv[2], target_text)) {
        std::cerr << "flagplan_bench: cannot read the inputs\n";
        return 2;
    }
    long rss_inputs = proc_status_kib("VmRSS");

#ifdef __EMSCRIPTEN__
    flagplan::wasm::JsRegexEngine regex;
    const char* engine = "wasm";
#else
    StdRegexEngine regex;
    const char* engine = "native";
#endif
    AnalyzeOptions options;
    RenderOptions render_options;
    render_options.generated_at = "2026-11-21T10:33:08Z";
    std::vector<double> t_parse, t_validate, t_analyze, t_plan, t_render, t_total, t_cpu;
    // Process CPU time per phase (wall time on a shared machine includes
    // waiting for a core).
    std::vector<double> c_parse, c_validate, c_plan, c_render;
    std::size_t steps = 0, flags_source = 0, flags_target = 0, output_bytes = 0;
    int errors = 0, warnings = 0;
    bool rendered_ok = false;
    long heap_inputs = heap_in_use_kib(), heap_analysis = -1, heap_rendered = -1;
    for (int run = 0; run < runs; ++run) {
        double c0 = cpu_ms();
        auto start = Clock::now();
        double parse = 0, validate = 0, c1 = 0, c2 = 0;
        {
            // The phases' own snapshots are freed before the end-to-end run, so
            // the peak RSS is the engine's (the CLI's), not two analyses at once.
            ParseResult s = parse_export(source_text, argv[1], options.limits);
            ParseResult t = parse_export(target_text, argv[2], options.limits);
            parse = ms_since(start);
            c1 = cpu_ms();

            start = Clock::now();
            Diagnostics vs = validate_snapshot(s.snapshot, regex, options.limits);
            resolve_positions(vs, argv[1], source_text);
            Diagnostics vt = validate_snapshot(t.snapshot, regex, options.limits);
            resolve_positions(vt, argv[2], target_text);
            validate = ms_since(start);
            c2 = cpu_ms();
        }

        double cpu = cpu_ms();  // after the phases' snapshots were freed
        start = Clock::now();
        Analysis a = analyze({source_text, argv[1]}, {target_text, argv[2]}, options, regex);
        double whole = ms_since(start);
        double c3 = cpu_ms();
        heap_analysis = heap_in_use_kib();
        start = Clock::now();
        Rendered out = render(a, format, render_options);
        heap_rendered = heap_in_use_kib();
        double rendering = ms_since(start);
        double c4 = cpu_ms();
        const double cpu_before = cpu;
        cpu = c4 - cpu;
        c_parse.push_back(c1 - c0);
        c_validate.push_back(c2 - c1);
        c_plan.push_back(std::max(0.0, (c3 - cpu_before) - (c2 - c0)));
        c_render.push_back(c4 - c3);

        t_parse.push_back(parse);
        t_validate.push_back(validate);
        t_analyze.push_back(whole);
        t_plan.push_back(std::max(0.0, whole - parse - validate));
        t_render.push_back(rendering);
        t_total.push_back(whole + rendering);
        t_cpu.push_back(cpu);
        steps = a.plan.steps.size();
        flags_source = a.source.flags.size();
        flags_target = a.target.flags.size();
        errors = count_severity(a.diagnostics, Severity::Error);
        warnings = count_severity(a.diagnostics, Severity::Warning);
        rendered_ok = out.ok;
        output_bytes = out.text.size();
    }
    long peak = proc_status_kib("VmHWM");
    std::vector<double> t_replan;
    {
        Analysis a = analyze({source_text, argv[1]}, {target_text, argv[2]}, options, regex);
        AnalyzeOptions walking = options;
        walking.walk_stages = true;
        for (int run = 0; run < runs; ++run)
            for (const AnalyzeOptions* o : {&walking, &options}) {
                auto start = Clock::now();
                a = replan(std::move(a), *o, regex);
                t_replan.push_back(ms_since(start));
            }
    }

    std::printf(
        "{\"engine\":\"%s\",\"format\":\"%s\",\"runs\":%d,\"sourceBytes\":%zu,\"targetBytes\":%zu,"
        "\"sourceFlags\":%zu,\"targetFlags\":%zu,\"steps\":%zu,\"errors\":%d,\"warnings\":%d,"
        "\"rendered\":%s,\"outputBytes\":%zu,"
        "\"ms\":{\"parse\":%.3f,\"validate\":%.3f,\"plan\":%.3f,\"analyze\":%.3f,\"render\":%.3f,"
        "\"endToEnd\":%.3f,\"cpuEndToEnd\":%.3f,\"replan\":%.3f},"
        "\"cpuMs\":{\"parse\":%.3f,\"validate\":%.3f,\"plan\":%.3f,\"render\":%.3f},"
        "\"rssInputsKiB\":%ld,\"peakRssKiB\":%ld,\"heapKiB\":{\"inputs\":%ld,\"analysis\":%ld,\"rendered\":%ld}}\n",
        engine, format.c_str(), runs, source_text.size(), target_text.size(), flags_source, flags_target, steps,
        errors, warnings, rendered_ok ? "true" : "false", output_bytes, median(t_parse), median(t_validate),
        median(t_plan), median(t_analyze), median(t_render), median(t_total),
        median(t_cpu) > 0 ? median(t_cpu) : -1.0 /* no process CPU clock under Emscripten */, median(t_replan),
        median(c_parse), median(c_validate), median(c_plan), median(c_render), rss_inputs, peak, heap_inputs, heap_analysis, heap_rendered);
    return rendered_ok ? 0 : 1;
}
