#include "flagplan/core/diagnostic.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <numeric>

namespace flagplan {

namespace {
constexpr std::size_t kNone = static_cast<std::size_t>(-1);
}  // namespace

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
    // Per file, in first-seen order (an export or two): its own group (no
    // flag key), if any, and its flags' groups in first-seen order, found by
    // key. Concatenated file by file, that is the order; nothing is sorted.
    struct File {
        std::string_view name;
        std::size_t own = kNone;
        std::vector<std::size_t> flags;
        std::unordered_map<std::string_view, std::size_t> by_key;
    };
    std::vector<File> files;
    std::vector<DiagnosticGroup> made;
    std::size_t last = kNone;  // consecutive diagnostics are mostly about the same flag
    for (std::size_t i : which) {
        const Diagnostic& d = diagnostics[i];
        if (last == kNone || made[last].file != d.file || made[last].flag_key != d.flag_key) {
            auto file = std::find_if(files.begin(), files.end(), [&](const File& f) { return f.name == d.file; });
            if (file == files.end()) file = files.insert(files.end(), File{d.file, kNone, {}, {}});
            std::size_t* slot = nullptr;
            if (d.flag_key.empty()) {
                slot = &file->own;
            } else {
                auto [it, added] = file->by_key.emplace(d.flag_key, kNone);
                if (added) file->flags.push_back(made.size());
                slot = &it->second;
            }
            if (*slot == kNone) {
                *slot = made.size();
                made.push_back({d.file, d.flag_key, d.severity, {}});
            }
            last = *slot;
        }
        DiagnosticGroup& g = made[last];
        g.members.push_back(i);
        if (static_cast<int>(d.severity) < static_cast<int>(g.worst)) g.worst = d.severity;
    }
    std::vector<DiagnosticGroup> groups;
    groups.reserve(made.size());
    for (File& f : files) {
        if (f.own != kNone) groups.push_back(std::move(made[f.own]));
        for (std::size_t g : f.flags) groups.push_back(std::move(made[g]));
    }
    for (DiagnosticGroup& g : groups) {
        auto by_severity = [&](std::size_t a, std::size_t b) {
            return static_cast<int>(diagnostics[a].severity) < static_cast<int>(diagnostics[b].severity);
        };
        if (!std::is_sorted(g.members.begin(), g.members.end(), by_severity))
            std::stable_sort(g.members.begin(), g.members.end(), by_severity);
    }
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
