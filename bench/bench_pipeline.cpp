// The promotion pipeline at scale: ENVS exports of FLAGS flags each
// (default 5 x 20,000), every fourth flag's value and every tenth schema
// different per environment, a stage flag per 100 flags. Prints the median
// of RUNS runs of analyze_pipeline() and of each format's rendering, and
// peak RSS. Usage: flagplan_bench_pipeline [FLAGS] [ENVS] [RUNS]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "flagplan/pipeline/pipeline.hpp"
#include "flagplan/render/render.hpp"

namespace {

std::string make_export(int env, int flags) {
    static const char* const stages[] = {"off", "shadow", "live", "complete"};
    std::string out = "{\"environment\":\"env" + std::to_string(env) +
                      "\",\"version\":\"1.7.1\",\"createdAt\":\"2026-01-01T00:00:00.000Z\",\"flags\":{";
    for (int i = 0; i < flags; ++i) {
        std::string key = "\"team" + std::to_string(i % 50) + "/flag_" + std::to_string(i) + "\":";
        if (i) out += ',';
        out += key;
        if (i % 100 == 0) {
            out += std::string("{\"description\":\"stage\",\"type\":\"ENUM\",\"defaultValue\":\"off\",") +
                   "\"enumValues\":[\"off\",\"shadow\",\"live\",\"complete\"],\"allowEmpty\":false,"
                   "\"valueExists\":true,\"value\":\"" + stages[(env + i / 100) % 4] + "\"}";
        } else {
            int max = 100 + (i % 10 == 0 ? env : 0);
            out += "{\"description\":\"d\",\"type\":\"INTEGER\",\"defaultValue\":1,\"minValue\":0,\"maxValue\":" +
                   std::to_string(max) + ",\"valueExists\":true,\"value\":" + std::to_string(i % 4 == 0 ? env : 7) + "}";
        }
    }
    return out + "}}";
}

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    int flags = argc > 1 ? std::stoi(argv[1]) : 20000;
    int envs = argc > 2 ? std::stoi(argv[2]) : 5;
    int runs = argc > 3 ? std::stoi(argv[3]) : 5;
    std::vector<std::string> texts;
    std::vector<flagplan::ExportText> exports;
    for (int e = 0; e < envs; ++e) texts.push_back(make_export(e, flags));
    for (int e = 0; e < envs; ++e) exports.push_back({texts[e], "env" + std::to_string(e) + ".json"});
    flagplan::StdRegexEngine regex;
    std::vector<double> analyze_s, text_s, json_s, md_s;
    std::size_t rows = 0, text_bytes = 0;
    for (int r = 0; r < runs; ++r) {
        auto t = std::chrono::steady_clock::now();
        flagplan::Pipeline p = flagplan::analyze_pipeline(exports, flagplan::Limits{}, regex);
        analyze_s.push_back(seconds_since(t));
        rows = p.rows.size();
        t = std::chrono::steady_clock::now();
        text_bytes = flagplan::render_pipeline(p, "text")->size();
        text_s.push_back(seconds_since(t));
        t = std::chrono::steady_clock::now();
        flagplan::render_pipeline(p, "json");
        json_s.push_back(seconds_since(t));
        t = std::chrono::steady_clock::now();
        flagplan::render_pipeline(p, "md");
        md_s.push_back(seconds_since(t));
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("pipeline %d envs x %d flags (%zu keys), median of %d runs:\n", envs, flags, rows, runs);
    std::printf("  analyze_pipeline  %8.1f ms\n", median(analyze_s) * 1e3);
    std::printf("  render text       %8.1f ms  (%zu bytes)\n", median(text_s) * 1e3, text_bytes);
    std::printf("  render json       %8.1f ms\n", median(json_s) * 1e3);
    std::printf("  render md         %8.1f ms\n", median(md_s) * 1e3);
    std::printf("  peak RSS          %8.1f MB (inputs %.1f MB)\n", usage.ru_maxrss / 1024.0,
                [&] { double b = 0; for (auto& t : texts) b += t.size(); return b / 1048576.0; }());
    return 0;
}
