// Single-file build: the page's entry (register.js must run before main.js).
import './register.js';
import '../js/main.js';
