#include "flagplan/core/diagnostic.hpp"

#include <algorithm>
#include <map>
#include <utility>
#include <numeric>

namespace flagplan {

const char* severity_name(Severity severity) {
    switch (severity) {
        case Severity::Error: return "error";
        case Severity::Warning: return "warning";
        case Severity::Note: break;
    }
    return "note";
}

bool has_errors(const Diagnostics& diagnostics) {
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

int count_severity(const Diagnostics& diagnostics, Severity severity) {
    return static_cast<int>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                          [&](const Diagnostic& d) { return d.severity == severity; }));
}

std::vector<DiagnosticGroup> group_diagnostics(const Diagnostics& diagnostics, const std::vector<std::size_t>& which) {
    std::vector<DiagnosticGroup> groups;
    std::map<std::pair<std::string_view, std::string_view>, std::size_t> index;
    std::map<std::string_view, std::size_t> file_rank;
    for (std::size_t i : which) {
        const Diagnostic& d = diagnostics[i];
        file_rank.emplace(d.file, file_rank.size());
        auto [it, added] = index.emplace(std::make_pair(std::string_view(d.file), std::string_view(d.flag_key)),
                                         groups.size());
        if (added) groups.push_back({d.file, d.flag_key, d.severity, {}});
        DiagnosticGroup& g = groups[it->second];
        g.members.push_back(i);
        if (static_cast<int>(d.severity) < static_cast<int>(g.worst)) g.worst = d.severity;
    }
    std::stable_sort(groups.begin(), groups.end(), [&](const DiagnosticGroup& a, const DiagnosticGroup& b) {
        std::size_t ra = file_rank[a.file], rb = file_rank[b.file];
        if (ra != rb) return ra < rb;                          // files in first-seen order
        return a.flag_key.empty() && !b.flag_key.empty();      // a file's own diagnostics first
    });
    for (DiagnosticGroup& g : groups)
        std::stable_sort(g.members.begin(), g.members.end(), [&](std::size_t a, std::size_t b) {
            return static_cast<int>(diagnostics[a].severity) < static_cast<int>(diagnostics[b].severity);
        });
    return groups;
}

void resolve_positions(Diagnostics& diagnostics, const std::string& label, std::string_view text) {
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < diagnostics.size(); ++i)
        if (diagnostics[i].file == label && diagnostics[i].offset != std::string::npos) order.push_back(i);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return diagnostics[a].offset < diagnostics[b].offset;
    });
    std::size_t pos = 0;
    int line = 1, column = 1;
    for (std::size_t i : order) {
        std::size_t target = std::min(diagnostics[i].offset, text.size());
        for (; pos < target; ++pos) {
            unsigned char c = static_cast<unsigned char>(text[pos]);
            if (c == '\n') {
                ++line;
                column = 1;
            } else if ((c & 0xC0) != 0x80) {  // count characters, not UTF-8 continuation bytes
                ++column;
            }
        }
        diagnostics[i].line = line;
        diagnostics[i].column = column;
    }
}

std::string pointer_token(const std::string& token) {
    std::string out;
    out.reserve(token.size());
    for (char c : token) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

}  // namespace flagplan
