#include "session.hpp"

#include "flagplan/render/flag_json.hpp"

#include <exception>
#include <new>
#include <utility>

namespace flagplan::wasm {

int& live_sessions() {
    static int count = 0;
    return count;
}

Diagnostic binding_error(std::string code, std::string message) {
    Diagnostic d;
    d.code = std::move(code);
    d.message = std::move(message);
    return d;
}

/// The diagnostic for an exception caught at the boundary.
Diagnostic caught(const char* operation) {
    try {
        throw;
    } catch (const std::bad_alloc&) {
        return binding_error("plan.out_of_memory",
                             std::string(operation) + " ran out of memory: the WebAssembly heap could not grow");
    } catch (const std::exception& e) {
        return binding_error("plan.internal_error", std::string(operation) + " failed: " + e.what());
    } catch (...) {
        return binding_error("plan.internal_error", std::string(operation) + " failed");
    }
}

/// One-line JSON; lone surrogates (WTF-8) written back as \udXXX escapes,
/// other invalid UTF-8 replaced (never throws for bad bytes).
std::string compact(const ojson& value) {
    std::string out;
    JsonWriter(out, -1, false).value(value);
    return out;
}

ojson diagnostics_json(const Diagnostics& diagnostics) {
    ojson out = ojson::array();
    for (const Diagnostic& d : diagnostics) out.push_back(diagnostic_to_json(d));
    return out;
}

}  // namespace flagplan::wasm
