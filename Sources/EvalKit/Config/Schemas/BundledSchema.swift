/// The JSON Schemas (2020-12) of evalctl's own files, for editors: `# yaml-language-server: $schema=…` at the top of a
/// file lets the YAML language server complete keys and flag typos. The repository keeps the same text under
/// `schemas/`; a test checks both against each other and against every bundled file and fixture.
public enum BundledSchema: String, CaseIterable, Sendable {
    /// `evalctl.yaml`
    case config = "evalctl.schema.json"
    /// `evalset.yaml`
    case evalSet = "evalset.schema.json"
    /// a prompt file (`prompts/NAME.yaml`)
    case prompt = "prompt.schema.json"

    /// The file name under a schemas directory.
    public var fileName: String { rawValue }

    /// The schema's JSON text, exactly as in `schemas/` (a trailing newline included).
    public var text: String {
        switch self {
        case .config: return Self.configText
        case .evalSet: return Self.evalSetText
        case .prompt: return Self.promptText
        }
    }

    private static let configText = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "title": "evalctl.yaml",
          "description": "The backends evalctl runs against (see docs/backends.md). Every key is checked: an unknown or misspelt one is an error, never ignored.",
          "type": "object",
          "required": ["backends"],
          "additionalProperties": false,
          "properties": {
            "backends": {
              "description": "Backends by name: `evalctl run --backend NAME`; the first one is the default.",
              "type": "object",
              "additionalProperties": {"$ref": "#/$defs/backend"}
            },
            "max_cost_usd": {
              "description": "The budget of every run with this config, in US dollars, unless `--max-cost` says otherwise; needs `cost_per_mtok` on the backends to count spending.",
              "type": "number",
              "exclusiveMinimum": 0
            }
          },
          "$defs": {
            "backend": {
              "description": "One backend. `type` selects which keys it has besides the common ones.",
              "type": "object",
              "required": ["type"],
              "properties": {
                "type": {
                  "description": "The backend type: `openai` (any OpenAI-compatible chat completions API), `llama-server` (llama.cpp's server, running or started by evalctl), `anthropic` (the Messages API) or `stub` (evalctl's bundled test server).",
                  "enum": ["openai", "llama-server", "anthropic", "stub"]
                }
              },
              "allOf": [
                {"if": {"properties": {"type": {"const": "openai"}}, "required": ["type"]}, "then": {"$ref": "#/$defs/openai"}},
                {"if": {"properties": {"type": {"const": "llama-server"}}, "required": ["type"]}, "then": {"$ref": "#/$defs/llama-server"}},
                {"if": {"properties": {"type": {"const": "anthropic"}}, "required": ["type"]}, "then": {"$ref": "#/$defs/anthropic"}},
                {"if": {"properties": {"type": {"const": "stub"}}, "required": ["type"]}, "then": {"$ref": "#/$defs/stub"}}
              ]
            },
            "openai": {
              "description": "`type: openai`: any OpenAI-compatible `/v1/chat/completions` endpoint.",
              "type": "object",
              "required": ["base_url", "model"],
              "additionalProperties": false,
              "properties": {
                "type": {"const": "openai"},
                "base_url": {
                  "description": "The API root, e.g. https://api.openai.com/v1 (an http(s) URL; `~` and `${VAR}` are expanded).",
                  "$ref": "#/$defs/httpURL"
                },
                "api_key_env": {"$ref": "#/$defs/apiKeyEnv"},
                "model": {"$ref": "#/$defs/commonKeys/properties/model"},
                "concurrency": {"$ref": "#/$defs/commonKeys/properties/concurrency"},
                "timeout_s": {"$ref": "#/$defs/commonKeys/properties/timeout_s"},
                "max_retries": {"$ref": "#/$defs/commonKeys/properties/max_retries"},
                "params": {"$ref": "#/$defs/commonKeys/properties/params"},
                "stream": {"$ref": "#/$defs/commonKeys/properties/stream"},
                "cost_per_mtok": {"$ref": "#/$defs/commonKeys/properties/cost_per_mtok"},
                "max_response_bytes": {"$ref": "#/$defs/commonKeys/properties/max_response_bytes"},
                "cache": {"$ref": "#/$defs/commonKeys/properties/cache"},
                "fallback": {"$ref": "#/$defs/commonKeys/properties/fallback"},
                "circuit_breaker": {"$ref": "#/$defs/commonKeys/properties/circuit_breaker"},
                "rpm": {"$ref": "#/$defs/commonKeys/properties/rpm"},
                "tpm": {"$ref": "#/$defs/commonKeys/properties/tpm"}
              }
            },
            "llama-server": {
              "description": "`type: llama-server`: a running llama.cpp server (`url`), or one evalctl starts for a GGUF file (`model_path`); exactly one of the two.",
              "type": "object",
              "oneOf": [
                {"required": ["url"], "not": {"required": ["model_path"]}},
                {"required": ["model_path"], "not": {"required": ["url"]}}
              ],
              "additionalProperties": false,
              "properties": {
                "type": {"const": "llama-server"},
                "url": {
                  "description": "An already running llama.cpp server, e.g. http://127.0.0.1:8080 (an http(s) URL; `~` and `${VAR}` are expanded).",
                  "$ref": "#/$defs/httpURL"
                },
                "model_path": {
                  "description": "A GGUF model file: evalctl starts a server for it on a free loopback port and stops it afterwards. `~` and `${VAR}` are expanded; `${EVALCTL_CACHE_DIR}` defaults to evalctl's cache directory.",
                  "type": "string"
                },
                "server_binary": {
                  "description": "The llama-server program to start (default: found on PATH or in evalctl's cache). `~` and `${VAR}` are expanded.",
                  "type": "string"
                },
                "threads": {"description": "Threads for a server evalctl starts (default 1).", "type": "integer", "minimum": 1},
                "context_size": {"description": "Context size in tokens for a server evalctl starts (default 2048).", "type": "integer", "minimum": 1},
                "startup_timeout_s": {"description": "Seconds to wait for a started server to be ready (default 120).", "type": "number"},
                "model": {"$ref": "#/$defs/commonKeys/properties/model"},
                "concurrency": {"$ref": "#/$defs/commonKeys/properties/concurrency"},
                "timeout_s": {"$ref": "#/$defs/commonKeys/properties/timeout_s"},
                "max_retries": {"$ref": "#/$defs/commonKeys/properties/max_retries"},
                "params": {"$ref": "#/$defs/commonKeys/properties/params"},
                "stream": {"$ref": "#/$defs/commonKeys/properties/stream"},
                "cost_per_mtok": {"$ref": "#/$defs/commonKeys/properties/cost_per_mtok"},
                "max_response_bytes": {"$ref": "#/$defs/commonKeys/properties/max_response_bytes"},
                "cache": {"$ref": "#/$defs/commonKeys/properties/cache"},
                "fallback": {"$ref": "#/$defs/commonKeys/properties/fallback"},
                "circuit_breaker": {"$ref": "#/$defs/commonKeys/properties/circuit_breaker"},
                "rpm": {"$ref": "#/$defs/commonKeys/properties/rpm"},
                "tpm": {"$ref": "#/$defs/commonKeys/properties/tpm"}
              }
            },
            "stub": {
              "description": "`type: stub`: evalctl-stub, the bundled test server, started on a free loopback port for the run and stopped afterwards. It answers without a model or a key.",
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "type": {"const": "stub"},
                "answer_mode": {
                  "description": "How the stub answers: `echo` (the last user message; default), `expected-tag` (the text inside <expected>…</expected> in the prompt) or `fixed:TEXT`.",
                  "anyOf": [
                    {"enum": ["echo", "expected-tag"]},
                    {"type": "string", "pattern": "^fixed:"}
                  ]
                },
                "server_binary": {
                  "description": "The evalctl-stub program to start (default: $EVALCTL_STUB, else the evalctl-stub next to evalctl, else on PATH). `~` and `${VAR}` are expanded.",
                  "type": "string"
                },
                "startup_timeout_s": {"description": "Seconds to wait for the started stub to answer (default 60).", "type": "number"},
                "model": {"$ref": "#/$defs/commonKeys/properties/model"},
                "concurrency": {"$ref": "#/$defs/commonKeys/properties/concurrency"},
                "timeout_s": {"$ref": "#/$defs/commonKeys/properties/timeout_s"},
                "max_retries": {"$ref": "#/$defs/commonKeys/properties/max_retries"},
                "params": {"$ref": "#/$defs/commonKeys/properties/params"},
                "stream": {"$ref": "#/$defs/commonKeys/properties/stream"},
                "cost_per_mtok": {"$ref": "#/$defs/commonKeys/properties/cost_per_mtok"},
                "max_response_bytes": {"$ref": "#/$defs/commonKeys/properties/max_response_bytes"},
                "cache": {"$ref": "#/$defs/commonKeys/properties/cache"},
                "fallback": {"$ref": "#/$defs/commonKeys/properties/fallback"},
                "circuit_breaker": {"$ref": "#/$defs/commonKeys/properties/circuit_breaker"},
                "rpm": {"$ref": "#/$defs/commonKeys/properties/rpm"},
                "tpm": {"$ref": "#/$defs/commonKeys/properties/tpm"}
              }
            },
            "anthropic": {
              "description": "`type: anthropic`: Anthropic's Messages API (`POST /v1/messages`), or a gateway that speaks it.",
              "type": "object",
              "required": ["model"],
              "additionalProperties": false,
              "properties": {
                "type": {"const": "anthropic"},
                "base_url": {
                  "description": "The API root (default https://api.anthropic.com; an http(s) URL; `~` and `${VAR}` are expanded).",
                  "$ref": "#/$defs/httpURL"
                },
                "api_key_env": {"$ref": "#/$defs/apiKeyEnv"},
                "model": {"$ref": "#/$defs/commonKeys/properties/model"},
                "concurrency": {"$ref": "#/$defs/commonKeys/properties/concurrency"},
                "timeout_s": {"$ref": "#/$defs/commonKeys/properties/timeout_s"},
                "max_retries": {"$ref": "#/$defs/commonKeys/properties/max_retries"},
                "params": {"$ref": "#/$defs/commonKeys/properties/params"},
                "stream": {"$ref": "#/$defs/commonKeys/properties/stream"},
                "cost_per_mtok": {"$ref": "#/$defs/commonKeys/properties/cost_per_mtok"},
                "max_response_bytes": {"$ref": "#/$defs/commonKeys/properties/max_response_bytes"},
                "cache": {"$ref": "#/$defs/commonKeys/properties/cache"},
                "fallback": {"$ref": "#/$defs/commonKeys/properties/fallback"},
                "circuit_breaker": {"$ref": "#/$defs/commonKeys/properties/circuit_breaker"},
                "rpm": {"$ref": "#/$defs/commonKeys/properties/rpm"},
                "tpm": {"$ref": "#/$defs/commonKeys/properties/tpm"}
              }
            },
            "apiKeyEnv": {
              "description": "The environment variable holding the API key, e.g. OPENAI_API_KEY. The key itself never appears in the config, the database or logs.",
              "type": "string"
            },
            "httpURL": {
              "type": "string",
              "pattern": "^(https?://|\\$\\{)"
            },
            "commonKeys": {
              "description": "The keys every backend type has; each type's definition lists them with its own.",
              "properties": {
                "model": {
                  "description": "The model id sent with each request (required for openai and anthropic; reported for a llama server).",
                  "type": "string"
                },
                "concurrency": {
                  "description": "Requests in flight at once (default 8; 1 for llama-server).",
                  "type": "integer",
                  "minimum": 1
                },
                "timeout_s": {
                  "description": "Seconds to wait for one answer (default 60).",
                  "type": "number",
                  "minimum": 1
                },
                "max_retries": {
                  "description": "Retries after a failed request (default 4), with backoff that honours Retry-After.",
                  "type": "integer",
                  "minimum": 0
                },
                "params": {
                  "description": "Request body fields sent as given, e.g. {temperature: 0, max_tokens: 256, seed: 7}.",
                  "type": "object"
                },
                "stream": {
                  "description": "Stream responses (SSE) to measure time to first token (default true).",
                  "type": "boolean"
                },
                "cost_per_mtok": {
                  "description": "US dollars per million tokens, for cost per case and the run's budget, e.g. {input: 0.15, output: 0.60}.",
                  "type": "object",
                  "required": ["input", "output"],
                  "additionalProperties": false,
                  "properties": {
                    "input": {"description": "Dollars per million prompt tokens.", "type": "number", "minimum": 0},
                    "output": {"description": "Dollars per million completion tokens.", "type": "number", "minimum": 0}
                  }
                },
                "max_response_bytes": {
                  "description": "The largest answer read, in bytes (default 8 MiB); a larger one makes the case an error.",
                  "type": "integer",
                  "minimum": 1024
                },
                "cache": {
                  "description": "How runs use the response cache for this backend unless `--cache` says otherwise: `use` (read, record misses), `refresh` (always ask, record), `off` (default: neither), `only` (never ask a model).",
                  "enum": ["use", "refresh", "off", "only"]
                },
                "fallback": {
                  "description": "Backends of this file a case goes to, in order, when this one fails it after its retries (or its circuit is open): one name or a list.",
                  "anyOf": [
                    {"type": "string", "minLength": 1},
                    {"type": "array", "items": {"type": "string", "minLength": 1}}
                  ]
                },
                "circuit_breaker": {
                  "description": "When to stop sending to a failing backend (on by default): `off`, `on`, or settings over the defaults.",
                  "anyOf": [
                    {"type": "boolean"},
                    {"enum": ["on", "off"]},
                    {
                      "type": "object",
                      "additionalProperties": false,
                      "properties": {
                        "consecutive_failures": {"description": "Failed attempts in a row that open the circuit (default 5).", "type": "integer", "minimum": 1},
                        "failure_rate": {"description": "The failure share over the last `window` attempts that opens it (default 0.5).", "type": "number", "exclusiveMinimum": 0, "maximum": 1},
                        "window": {"description": "Attempts `failure_rate` looks back over (default 20).", "type": "integer", "minimum": 1},
                        "cooldown_s": {"description": "The first wait before a probe, doubled while probes fail (default 5).", "type": "number", "exclusiveMinimum": 0},
                        "max_cooldown_s": {"description": "The longest wait between probes (default 60).", "type": "number", "exclusiveMinimum": 0},
                        "give_up_after_s": {"description": "Open this long without a successful probe, the backend is down: its cases end as errors or go to a fallback (default 300).", "type": "number", "exclusiveMinimum": 0}
                      }
                    }
                  ]
                },
                "rpm": {
                  "description": "The most requests per minute to send (client-side quota); no limit when absent.",
                  "type": "number",
                  "exclusiveMinimum": 0
                },
                "tpm": {
                  "description": "The most tokens per minute to send (client-side quota); no limit when absent.",
                  "type": "number",
                  "exclusiveMinimum": 0
                }
              }
            }
          }
        }

        """#

    private static let evalSetText = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "title": "evalset.yaml",
          "description": "An eval set's manifest (see docs/eval-sets.md). Every key is checked: an unknown or misspelt one is an error, never ignored.",
          "type": "object",
          "required": ["name", "version", "prompts", "default_prompt", "cases", "scorers"],
          "additionalProperties": false,
          "properties": {
            "name": {
              "description": "The eval set's name, recorded with every run.",
              "type": "string"
            },
            "version": {
              "description": "An integer or a semver string, recorded with every run.",
              "type": ["integer", "string"]
            },
            "description": {
              "description": "What the eval set measures.",
              "type": "string"
            },
            "prompts": {
              "description": "Prompt versions: id → prompt file, relative to this directory (at least one).",
              "type": "object",
              "minProperties": 1,
              "additionalProperties": {"description": "A prompt file, relative to the eval set directory.", "type": "string"}
            },
            "default_prompt": {
              "description": "The prompt id `run` uses when it gets no --prompt: one of `prompts`.",
              "type": "string"
            },
            "cases": {
              "description": "The cases file (JSON Lines: one {id, vars, expected, tags} object per line), relative to this directory.",
              "type": "string"
            },
            "scorers": {
              "description": "A case passes when every scorer passes (see docs/scoring.md).",
              "type": "array",
              "minItems": 1,
              "items": {"$ref": "#/$defs/scorer"}
            },
            "min_pass_rate": {
              "description": "The share of cases (0…1) a suite needs to pass (default 1.0).",
              "type": "number",
              "minimum": 0,
              "maximum": 1
            },
            "flag": {
              "description": "Rules that send a result to the review queue without changing its score or status; one rule per item.",
              "type": "array",
              "items": {"$ref": "#/$defs/flagRule"}
            }
          },
          "$defs": {
            "scorer": {
              "description": "One scorer: `type` selects its options. Every scorer also takes `name` and `threshold` (red lines take no threshold), and the generic keys `only_tags`, `expected_var` and `negate` (red lines cannot be negated).",
              "type": "object",
              "required": ["type"],
              "properties": {
                "type": {
                  "description": "The scorer type.",
                  "enum": ["exact", "contains", "starts_with", "one_of", "numeric", "regex", "f1", "levenshtein", "judge", "bleu", "chrf", "ter", "json_schema", "json_equal", "red_line_pattern", "red_line_pii", "red_line_refusal"]
                }
              },
              "allOf": [
                {"if": {"properties": {"type": {"const": "exact"}}, "required": ["type"]}, "then": {"$ref": "#/$defs/exact"}},
                {"if": {"properties": {"type": {"const": "contains"}}, "required": ["type"]}, "then": {"$ref": "#/$defs/contains"}},
                {"if": {"properties": {"type": {"const": "starts_with"}}, "required": ["type"]}, "then": {"$ref": "#/$defs/starts_with"}},
                {"if": {"properties": {"type": {"const": "one_of"}}, "required": ["type"]}, "then": {"$ref": "#/$defs/one_of"}},
                {"if": {"properties": {"type": {"const": "numeric"}}, "required": ["type"]}, "then": {"$ref": "#/$defs/numeric"}},
                {"if": {"properties": {"type": {"const": "regex"}}, "required": ["type"]}, "then": {"$ref": "#/$defs/regex"}},
                {"if": {"properties": {"type": {"const": "f1"}}, "required": ["type"]}, "then": {"$ref": "#/$defs/f1"}},
                {"if": {"properties": {"type": {"const": "levenshtein"}}, "required": ["type"]}, "then": {"$ref": "#/$defs/levenshtein"}},
                {"if": {"properties": {"type": {"const": "judge"}}, "required": ["type"]}, "then": {"$ref": "#/$defs/judge"}},
                {"if": {"properties": {"type": {"const": "bleu"}}, "required": ["type"]}, "then": {"$ref": "#/$defs/bleu"}},
                {"if": {"properties": {"type": {"const": "chrf"}}, "required": ["type"]}, "then": {"$ref": "#/$defs/chrf"}},
                {"if": {"properties": {"type": {"const": "ter"}}, "required": ["type"]}, "then": {"$ref": "#/$defs/ter"}},
                {"if": {"properties": {"type": {"const": "json_schema"}}, "required": ["type"]}, "then": {"$ref": "#/$defs/json_schema"}},
                {"if": {"properties": {"type": {"const": "json_equal"}}, "required": ["type"]}, "then": {"$ref": "#/$defs/json_equal"}},
                {"if": {"properties": {"type": {"const": "red_line_pattern"}}, "required": ["type"]}, "then": {"$ref": "#/$defs/red_line_pattern"}},
                {"if": {"properties": {"type": {"const": "red_line_pii"}}, "required": ["type"]}, "then": {"$ref": "#/$defs/red_line_pii"}},
                {"if": {"properties": {"type": {"const": "red_line_refusal"}}, "required": ["type"]}, "then": {"$ref": "#/$defs/red_line_refusal"}}
              ]
            },
            "name": {
              "description": "What this scorer's scores are stored under, and what flag rules call it (default: the type).",
              "type": "string"
            },
            "threshold": {
              "description": "The score (0…1) at or above which the case passes (default 1).",
              "type": "number",
              "minimum": 0,
              "maximum": 1
            },
            "normalize": {
              "description": "Normalizations applied to output and expected text before comparing, always in the order strip_punctuation, collapse_whitespace, trim, casefold, squad. casefold lowercases as Python's str.lower() does; squad is OpenAI Evals' (SQuAD's) answer normalization: lowercase, ASCII punctuation and the articles a/an/the removed, whitespace collapsed.",
              "type": "array",
              "items": {"enum": ["trim", "casefold", "collapse_whitespace", "strip_punctuation", "squad"]}
            },
            "value": {
              "description": "Fixed text to compare with instead of the case's `expected`: one string, or a non-empty list of which any one will do. Not with `expected_var`.",
              "anyOf": [
                {"type": "string"},
                {"type": "array", "minItems": 1, "items": {"type": "string"}}
              ]
            },
            "only_tags": {
              "description": "Score only the cases with at least one of these tags (a tag, or a non-empty list); other cases get no score from this scorer, neither pass nor fail.",
              "anyOf": [
                {"type": "string"},
                {"type": "array", "minItems": 1, "items": {"type": "string"}}
              ]
            },
            "expected_var": {
              "description": "The case variable to compare with instead of `expected` (every case the scorer scores must have it).",
              "type": "string",
              "minLength": 1
            },
            "negate": {
              "description": "Pass exactly when the scorer would fail (default false). A continuous score is mirrored on its scale and passes only strictly beyond the mirrored threshold.",
              "type": "boolean"
            },
            "redLineNegate": {
              "description": "A red line cannot be negated: that would pass exactly the outputs that cross it. Only false is allowed.",
              "const": false
            },
            "strings": {
              "description": "One string, or a list of strings.",
              "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "string"}}
              ]
            },
            "exact": {
              "description": "`exact`: the normalized output equals the normalized expected answer (any one, if `expected` is a list), or `value`.",
              "type": "object",
              "additionalProperties": false,
              "dependentSchemas": {"value": {"not": {"required": ["expected_var"]}}},
              "properties": {
                "type": {"const": "exact"},
                "name": {"$ref": "#/$defs/name"},
                "threshold": {"$ref": "#/$defs/threshold"},
                "normalize": {"$ref": "#/$defs/normalize"},
                "value": {"$ref": "#/$defs/value"},
                "only_tags": {"$ref": "#/$defs/only_tags"},
                "expected_var": {"$ref": "#/$defs/expected_var"},
                "negate": {"$ref": "#/$defs/negate"}
              }
            },
            "contains": {
              "description": "`contains`: the normalized output contains the expected answer (any one, if a list), or `value`.",
              "type": "object",
              "additionalProperties": false,
              "dependentSchemas": {"value": {"not": {"required": ["expected_var"]}}},
              "properties": {
                "type": {"const": "contains"},
                "name": {"$ref": "#/$defs/name"},
                "threshold": {"$ref": "#/$defs/threshold"},
                "normalize": {"$ref": "#/$defs/normalize"},
                "value": {"$ref": "#/$defs/value"},
                "match": {"description": "With several texts to look for: `any` one of them is enough (default), or `all` must be there.", "enum": ["any", "all"]},
                "either_way": {"description": "Also pass when the output is contained in the text (OpenAI Evals' FuzzyMatch; an empty text only matches an empty one). Default false.", "type": "boolean"},
                "only_tags": {"$ref": "#/$defs/only_tags"},
                "expected_var": {"$ref": "#/$defs/expected_var"},
                "negate": {"$ref": "#/$defs/negate"}
              }
            },
            "starts_with": {
              "description": "`starts_with`: the normalized output begins with the expected answer (any one, if a list), or with `value`; OpenAI Evals' `Match`.",
              "type": "object",
              "additionalProperties": false,
              "dependentSchemas": {"value": {"not": {"required": ["expected_var"]}}},
              "properties": {
                "type": {"const": "starts_with"},
                "name": {"$ref": "#/$defs/name"},
                "threshold": {"$ref": "#/$defs/threshold"},
                "normalize": {"$ref": "#/$defs/normalize"},
                "value": {"$ref": "#/$defs/value"},
                "only_tags": {"$ref": "#/$defs/only_tags"},
                "expected_var": {"$ref": "#/$defs/expected_var"},
                "negate": {"$ref": "#/$defs/negate"}
              }
            },
            "regex": {
              "description": "`regex`: the output matches a regular expression.",
              "type": "object",
              "required": ["pattern"],
              "additionalProperties": false,
              "properties": {
                "type": {"const": "regex"},
                "name": {"$ref": "#/$defs/name"},
                "threshold": {"$ref": "#/$defs/threshold"},
                "pattern": {"description": "A regular expression (ICU syntax), searched anywhere in the output unless anchored.", "type": "string"},
                "ignore_case": {"description": "Match without case (default false).", "type": "boolean"},
                "only_tags": {"$ref": "#/$defs/only_tags"},
                "expected_var": {"$ref": "#/$defs/expected_var"},
                "negate": {"$ref": "#/$defs/negate"}
              }
            },
            "one_of": {
              "description": "`one_of`: the normalized output is one of the acceptable answers: the case's `expected` list (a string is a list of one) or `value`, compared as Unicode scalars.",
              "type": "object",
              "additionalProperties": false,
              "dependentSchemas": {"value": {"not": {"required": ["expected_var"]}}},
              "properties": {
                "type": {"const": "one_of"},
                "name": {"$ref": "#/$defs/name"},
                "threshold": {"$ref": "#/$defs/threshold"},
                "normalize": {"$ref": "#/$defs/normalize"},
                "value": {"$ref": "#/$defs/value"},
                "only_tags": {"$ref": "#/$defs/only_tags"},
                "expected_var": {"$ref": "#/$defs/expected_var"},
                "negate": {"$ref": "#/$defs/negate"}
              }
            },
            "numeric": {
              "description": "`numeric`: a number read from the output is within tolerance of the expected number (a JSON number, a numeric string, or a list: any one), as Python's math.isclose.",
              "type": "object",
              "additionalProperties": false,
              "dependentSchemas": {"value": {"not": {"required": ["expected_var"]}}},
              "properties": {
                "type": {"const": "numeric"},
                "name": {"$ref": "#/$defs/name"},
                "threshold": {"$ref": "#/$defs/threshold"},
                "abs_tol": {"description": "Absolute tolerance (default 0).", "type": "number", "minimum": 0},
                "rel_tol": {"description": "Relative tolerance, of the larger magnitude (default 1e-9).", "type": "number", "minimum": 0},
                "extract": {"description": "Which number: the first in the output (default), the last, or the whole trimmed output.", "enum": ["first", "last", "whole"]},
                "value": {"description": "A fixed expected number instead of the case's `expected`.", "anyOf": [{"type": "number"}, {"type": "string"}]},
                "only_tags": {"$ref": "#/$defs/only_tags"},
                "expected_var": {"$ref": "#/$defs/expected_var"},
                "negate": {"$ref": "#/$defs/negate"}
              }
            },
            "f1": {
              "description": "`f1`: token F1 (0…1) of the output against the expected answer (the best of a list) after SQuAD normalization, as OpenAI Evals' `FuzzyMatch` reports it; no shared token scores 0.",
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "type": {"const": "f1"},
                "name": {"$ref": "#/$defs/name"},
                "threshold": {"description": "The F1 (0…1) at or above which the case passes (default 0.5).", "type": "number", "minimum": 0, "maximum": 1},
                "only_tags": {"$ref": "#/$defs/only_tags"},
                "expected_var": {"$ref": "#/$defs/expected_var"},
                "negate": {"$ref": "#/$defs/negate"}
              }
            },
            "levenshtein": {
              "description": "`levenshtein`: similarity 1 − edits / longer length (0…1) of the normalized output to the expected answer (the closest of a list) or `value`, counting Unicode scalars; with `max_distance`, pass/fail by edits.",
              "type": "object",
              "additionalProperties": false,
              "dependentSchemas": {
                "max_distance": {"not": {"required": ["threshold"]}},
                "value": {"not": {"required": ["expected_var"]}}
              },
              "properties": {
                "type": {"const": "levenshtein"},
                "name": {"$ref": "#/$defs/name"},
                "threshold": {"description": "The similarity (0…1) at or above which the case passes (default 0.8). Not with max_distance.", "type": "number", "minimum": 0, "maximum": 1},
                "normalize": {"$ref": "#/$defs/normalize"},
                "value": {"$ref": "#/$defs/value"},
                "max_distance": {"description": "Pass when the output is at most this many edits (insertions, deletions, substitutions) from the answer: the score is then pass/fail. Not with threshold.", "type": "integer", "minimum": 0},
                "only_tags": {"$ref": "#/$defs/only_tags"},
                "expected_var": {"$ref": "#/$defs/expected_var"},
                "negate": {"$ref": "#/$defs/negate"}
              }
            },
            "judge": {
              "description": "`judge`: another model grades the output against a rubric.",
              "type": "object",
              "required": ["backend", "rubric"],
              "additionalProperties": false,
              "properties": {
                "type": {"const": "judge"},
                "name": {"$ref": "#/$defs/name"},
                "threshold": {
                  "description": "The median score at or above which the case passes, on the scale (default 1, 4 or 7 for binary, 1-5, 0-10).",
                  "type": "number"
                },
                "backend": {"description": "The judge: a backend name from evalctl.yaml.", "type": "string"},
                "rubric": {"description": "The rubric: a Mustache template file over the case's vars, `output` and `expected`, relative to the eval set.", "type": "string"},
                "scale": {"description": "What the judge scores on (default 1-5).", "enum": ["binary", "1-5", "0-10"]},
                "repeats": {"description": "Ask the judge this many times (1–15); the median is the score (default 1).", "type": "integer", "minimum": 1, "maximum": 15},
                "temperature": {"description": "Sampling temperature of the judge's requests (default 0).", "type": "number"},
                "seed": {"description": "Seed of the judge's requests (default 7).", "type": "integer"},
                "max_tokens": {"description": "Most tokens in the judge's reply (default: the backend's).", "type": "integer", "minimum": 1},
                "structured_output": {"description": "Send a strict JSON schema for the verdict as `response_format` (default true); set false for servers that reject it.", "type": "boolean"},
                "only_tags": {"$ref": "#/$defs/only_tags"},
                "expected_var": {"$ref": "#/$defs/expected_var"},
                "negate": {"$ref": "#/$defs/negate"}
              },
              "allOf": [
                {
                  "if": {"properties": {"scale": {"const": "binary"}}, "required": ["scale"]},
                  "then": {"properties": {"threshold": {"minimum": 0, "maximum": 1}}}
                },
                {
                  "if": {"properties": {"scale": {"const": "0-10"}}, "required": ["scale"]},
                  "then": {"properties": {"threshold": {"minimum": 0, "maximum": 10}}}
                },
                {
                  "if": {"anyOf": [{"not": {"required": ["scale"]}}, {"properties": {"scale": {"const": "1-5"}}, "required": ["scale"]}]},
                  "then": {"properties": {"threshold": {"minimum": 1, "maximum": 5}}}
                }
              ]
            },
            "bleu": {
              "description": "`bleu`: sentence BLEU (0–100) of the output against `expected`, exactly as sacreBLEU computes it; corpus BLEU is reported for the suite.",
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "type": {"const": "bleu"},
                "name": {"$ref": "#/$defs/name"},
                "threshold": {"description": "The BLEU (0–100) at or above which the case passes (default 0: only report).", "type": "number", "minimum": 0, "maximum": 100},
                "references": {"description": "Where the references come from: the case's `expected` (a string, or a list for several references).", "const": "expected"},
                "tokenize": {"description": "sacreBLEU's tokenizer (default 13a).", "enum": ["13a", "intl", "char", "none"]},
                "smooth_method": {"description": "sacreBLEU's smoothing (default exp).", "enum": ["exp", "floor", "add-k", "none"]},
                "smooth_value": {"description": "The smoothing value for floor (default 0.1) or add-k (default 1).", "type": "number", "minimum": 0},
                "lowercase": {"description": "Lowercase output and references first (default false).", "type": "boolean"},
                "only_tags": {"$ref": "#/$defs/only_tags"},
                "expected_var": {"$ref": "#/$defs/expected_var"},
                "negate": {"$ref": "#/$defs/negate"}
              },
              "dependentSchemas": {
                "smooth_value": {"required": ["smooth_method"], "properties": {"smooth_method": {"enum": ["floor", "add-k"]}}}
              }
            },
            "chrf": {
              "description": "`chrf`: sentence chrF (chrF++ with `word_order: 2`) of the output against `expected`, exactly as sacreBLEU computes it, as a score on 0…1 (chrF / 100); corpus chrF (0–100) is reported for the suite.",
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "type": {"const": "chrf"},
                "name": {"$ref": "#/$defs/name"},
                "threshold": {"description": "The score (chrF / 100) at or above which the case passes (default 0: only report).", "type": "number", "minimum": 0, "maximum": 1},
                "references": {"description": "Where the references come from: the case's `expected` (a string, or a list for several references).", "const": "expected"},
                "char_order": {"description": "Character n-gram order (default 6).", "type": "integer", "minimum": 0, "maximum": 32},
                "word_order": {"description": "Word n-gram order (default 0; 2 is chrF++).", "type": "integer", "minimum": 0, "maximum": 32},
                "beta": {"description": "How much more recall weighs than precision (default 2).", "type": "integer", "minimum": 0, "maximum": 1000},
                "lowercase": {"description": "Lowercase output and references first (default false).", "type": "boolean"},
                "whitespace": {"description": "Keep whitespace inside character n-grams (default false: it is removed first).", "type": "boolean"},
                "eps_smoothing": {"description": "Smooth as chrF++.py, NLTK and Moses do instead of averaging over the orders present (default false).", "type": "boolean"},
                "only_tags": {"$ref": "#/$defs/only_tags"},
                "expected_var": {"$ref": "#/$defs/expected_var"},
                "negate": {"$ref": "#/$defs/negate"}
              },
              "if": {"properties": {"char_order": {"const": 0}}, "required": ["char_order"]},
              "then": {"required": ["word_order"], "properties": {"word_order": {"minimum": 1}}}
            },
            "ter": {
              "description": "`ter`: sentence TER of the output against `expected` (the fewest edits to any of a list), exactly as sacreBLEU computes it, as a score on 0…1 where higher is better: max(0, 1 − TER / 100); corpus TER (in percent, lower is better) is reported for the suite.",
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "type": {"const": "ter"},
                "name": {"$ref": "#/$defs/name"},
                "threshold": {"description": "The score max(0, 1 − TER / 100) at or above which the case passes: 0.6 passes at TER ≤ 40 (default 0: only report).", "type": "number", "minimum": 0, "maximum": 1},
                "references": {"description": "Where the references come from: the case's `expected` (a string, or a list for several references).", "const": "expected"},
                "normalized": {"description": "Tokenize punctuation, unescape &quot; &amp; &lt; &gt; and join lines as Tercom does (default false).", "type": "boolean"},
                "no_punct": {"description": "Remove punctuation (default false).", "type": "boolean"},
                "asian_support": {"description": "With normalized, split CJK characters apart; with no_punct, also remove CJK punctuation (default false).", "type": "boolean"},
                "case_sensitive": {"description": "Compare case-sensitively (default false: lowercase first).", "type": "boolean"},
                "only_tags": {"$ref": "#/$defs/only_tags"},
                "expected_var": {"$ref": "#/$defs/expected_var"},
                "negate": {"$ref": "#/$defs/negate"}
              }
            },
            "json_schema": {
              "description": "`json_schema`: the output is JSON valid against a draft 2020-12 schema.",
              "type": "object",
              "required": ["schema"],
              "additionalProperties": false,
              "properties": {
                "type": {"const": "json_schema"},
                "name": {"$ref": "#/$defs/name"},
                "threshold": {"$ref": "#/$defs/threshold"},
                "schema": {"description": "A JSON Schema file, relative to the eval set.", "type": "string"},
                "extract": {"description": "Where the JSON is: `strict` (the whole output; default), `first_object` (the first balanced object or array), `fenced` (the first ```json block).", "enum": ["strict", "first_object", "fenced"]},
                "only_tags": {"$ref": "#/$defs/only_tags"},
                "expected_var": {"$ref": "#/$defs/expected_var"},
                "negate": {"$ref": "#/$defs/negate"}
              }
            },
            "json_equal": {
              "description": "`json_equal`: the JSON in the output equals the expected JSON: objects in any key order, numbers by value, arrays in order. An expected string is JSON text; a list of strings is a list of answers, any one of which may match (OpenAI Evals' `JsonMatch`).",
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "type": {"const": "json_equal"},
                "name": {"$ref": "#/$defs/name"},
                "threshold": {"$ref": "#/$defs/threshold"},
                "extract": {"description": "Where the JSON is: `strict` (the whole output; default), `first_object` (the first balanced object or array), `fenced` (the first ```json block).", "enum": ["strict", "first_object", "fenced"]},
                "only_tags": {"$ref": "#/$defs/only_tags"},
                "expected_var": {"$ref": "#/$defs/expected_var"},
                "negate": {"$ref": "#/$defs/negate"}
              }
            },
            "red_line_pattern": {
              "description": "`red_line_pattern`: a hard fail when the output matches any pattern or contains any keyword. Needs `patterns` or `keywords`; takes no threshold.",
              "type": "object",
              "additionalProperties": false,
              "anyOf": [
                {"required": ["patterns"], "properties": {"patterns": {"not": {"const": []}}}},
                {"required": ["keywords"], "properties": {"keywords": {"not": {"const": []}}}}
              ],
              "properties": {
                "type": {"const": "red_line_pattern"},
                "name": {"$ref": "#/$defs/name"},
                "threshold": false,
                "patterns": {"description": "Regular expressions (ICU syntax), a list or one string: any match fails the output.", "$ref": "#/$defs/strings"},
                "keywords": {"description": "Literal words or phrases, a list or one string: matched without case, on word boundaries.", "$ref": "#/$defs/strings"},
                "only_tags": {"$ref": "#/$defs/only_tags"},
                "expected_var": {"$ref": "#/$defs/expected_var"},
                "negate": {"$ref": "#/$defs/redLineNegate"}
              }
            },
            "red_line_pii": {
              "description": "`red_line_pii`: a hard fail when the output holds personal data or a credential. Takes no threshold.",
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "type": {"const": "red_line_pii"},
                "name": {"$ref": "#/$defs/name"},
                "threshold": false,
                "kinds": {
                  "description": "The kinds to look for (default: all).",
                  "anyOf": [
                    {"$ref": "#/$defs/piiKind"},
                    {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/piiKind"}}
                  ]
                },
                "allow": {"description": "Literal strings that are fine (such as your support address), a list or one string.", "$ref": "#/$defs/strings"},
                "only_tags": {"$ref": "#/$defs/only_tags"},
                "expected_var": {"$ref": "#/$defs/expected_var"},
                "negate": {"$ref": "#/$defs/redLineNegate"}
              }
            },
            "piiKind": {
              "enum": ["email", "phone", "card", "iban", "api_key"]
            },
            "red_line_refusal": {
              "description": "`red_line_refusal`: a hard fail when the output refuses or apologises where an answer was expected. Takes no threshold.",
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "type": {"const": "red_line_refusal"},
                "name": {"$ref": "#/$defs/name"},
                "threshold": false,
                "phrases": {"description": "Refusal phrases of your own, added to the built-in ones: a list or one string.", "$ref": "#/$defs/strings"},
                "only_tags": {"$ref": "#/$defs/only_tags"},
                "expected_var": {"$ref": "#/$defs/expected_var"},
                "negate": {"$ref": "#/$defs/redLineNegate"}
              }
            },
            "flagRule": {
              "description": "One rule: {scorer: NAME, when: …}, {refusal: true}, {judge_error: true} or {output_longer_than: …}.",
              "type": "object",
              "additionalProperties": false,
              "oneOf": [
                {"required": ["scorer"]},
                {"required": ["refusal"]},
                {"required": ["judge_error"]},
                {"required": ["output_longer_than"]}
              ],
              "dependentRequired": {"scorer": ["when"], "when": ["scorer"]},
              "properties": {
                "scorer": {"description": "A scorer of this eval set, by its `name`, else its type.", "type": "string"},
                "when": {
                  "description": "`failed`, `passed`, `errored`, or FIELD OP NUMBER: FIELD is `score`, or a judge's `spread` or `median`; OP one of <, <=, >, >=, ==, !=.",
                  "type": "string",
                  "pattern": "^[ \\t]*(failed|passed|errored|(score|spread|median)[ \\t]*(<=|>=|==|!=|<|>)[ \\t]*[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?)[ \\t]*$"
                },
                "refusal": {"description": "The output reads as a refusal (not when the case's expected answer is one).", "const": true},
                "judge_error": {"description": "A judge scorer could not score (needs a judge scorer).", "const": true},
                "output_longer_than": {
                  "description": "More than N characters (4000), or more than K times the length of the case's expected answer (3x expected).",
                  "anyOf": [
                    {"type": "integer", "minimum": 1},
                    {"type": "string", "pattern": "^ *([0-9]+(\\.[0-9]*)?|\\.[0-9]+) *[xX] *[eE][xX][pP][eE][cC][tT][eE][dD] *$"}
                  ]
                }
              }
            }
          }
        }

        """#

    private static let promptText = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "title": "evalctl prompt file",
          "description": "One prompt version of an eval set (see docs/eval-sets.md), in one of three forms: `system`, `examples` and `user` templates; `messages`, a list of {role, content} templates; or `messages_var`, the case variable holding each case's conversation. Templates are Mustache over the case's `vars`: `{{x}}` inserts the value as written, not HTML-escaped.",
          "type": "object",
          "additionalProperties": false,
          "oneOf": [
            {"required": ["user"], "not": {"anyOf": [{"required": ["messages"]}, {"required": ["messages_var"]}]}},
            {"required": ["messages"], "not": {"anyOf": [{"required": ["system"]}, {"required": ["user"]}, {"required": ["examples"]}, {"required": ["messages_var"]}]}},
            {"required": ["messages_var"], "not": {"anyOf": [{"required": ["system"]}, {"required": ["user"]}, {"required": ["examples"]}, {"required": ["messages"]}]}}
          ],
          "properties": {
            "system": {
              "description": "The system message template (optional).",
              "type": "string"
            },
            "examples": {
              "description": "Few-shot turns sent before the user message, each a user and an assistant template.",
              "type": "array",
              "items": {
                "type": "object",
                "required": ["user", "assistant"],
                "additionalProperties": false,
                "properties": {
                  "user": {"description": "The example's user message template.", "type": "string"},
                  "assistant": {"description": "The example's assistant reply template.", "type": "string"}
                }
              }
            },
            "user": {
              "description": "The user message template, e.g. \"{{question}}\".",
              "type": "string"
            },
            "messages": {
              "description": "The whole prompt as chat messages, sent in this order (instead of system, examples and user): each a role and a content template.",
              "type": "array",
              "minItems": 1,
              "items": {
                "type": "object",
                "required": ["role", "content"],
                "additionalProperties": false,
                "properties": {
                  "role": {"description": "Who sends the message.", "enum": ["system", "user", "assistant"]},
                  "content": {"description": "The message template, e.g. \"{{question}}\".", "type": "string"}
                }
              }
            },
            "messages_var": {
              "description": "The case variable holding each case's whole conversation (instead of system, examples and user): a non-empty list of {\"role\": \"system\"|\"user\"|\"assistant\", \"content\": \"…\"} messages, sent as written (not templates).",
              "type": "string",
              "minLength": 1
            }
          }
        }

        """#
}
