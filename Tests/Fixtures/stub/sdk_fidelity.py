"""Reads the evalctl stub's answers with the official Anthropic and OpenAI Python SDKs: a stub whose wire format has
drifted from the real APIs makes an SDK raise, a model fail validation, or a check below fail, and the script exits
non-zero. Usage: python sdk_fidelity.py BASE_URL (the stub's root, e.g. http://127.0.0.1:PORT)."""
import sys
import warnings

import anthropic
import openai
import pydantic
from anthropic.types import Message, RawMessageStreamEvent
from openai.types.chat import ChatCompletion, ChatCompletionChunk

# Any warning an SDK or pydantic gives while reading an answer (e.g. a serializer meeting an unexpected type) fails.
warnings.simplefilter("error")

BASE = sys.argv[1].rstrip("/")
QUESTION = [{"role": "user", "content": "Hello stub world"}]
stream_events = pydantic.TypeAdapter(RawMessageStreamEvent)
checks = 0


def check(condition, what):
    global checks
    if not condition:
        raise AssertionError(what)
    checks += 1


def anthropic_sdk():
    client = anthropic.Anthropic(base_url=BASE, api_key="test", max_retries=0)

    message = client.messages.create(model="claude-stub", max_tokens=64, system="Be brief.", messages=QUESTION)
    Message.model_validate(message.to_dict())
    check(message.content[0].type == "text" and message.content[0].text == "Hello stub world", f"text: {message.content}")
    check(message.stop_reason == "end_turn" and message.role == "assistant", f"stop: {message.stop_reason}")
    check(message.usage.input_tokens > 0 and message.usage.output_tokens == 3, f"usage: {message.usage}")
    check(message.usage.cache_read_input_tokens == 0, "cache_read_input_tokens")
    check(message._request_id is not None and message._request_id.startswith("req_"), "request-id header")

    for model in ("claude-stub", "pings"):
        names = []
        with client.messages.stream(model=model, max_tokens=64, messages=QUESTION) as stream:
            for event in stream:
                names.append(event.type)
                if event.type in ("message_start", "content_block_start", "content_block_delta", "content_block_stop",
                                  "message_delta", "message_stop"):
                    stream_events.validate_python(event.to_dict())
            final = stream.get_final_message()
            text = stream.get_final_text()
        check(text == "Hello stub world", f"streamed text: {text!r}")
        check(final.stop_reason == "end_turn" and final.usage.output_tokens == 3, f"final: {final}")
        check(names[0] == "message_start" and names[-1] == "message_stop", f"event order: {names}")
        Message.model_validate(final.to_dict())

    with client.messages.stream(model="claude-stub", max_tokens=2048, messages=QUESTION,
                                thinking={"type": "enabled", "budget_tokens": 1024}) as stream:
        final = stream.get_final_message()
    check([block.type for block in final.content] == ["thinking", "text"], f"blocks: {final.content}")
    check(final.content[0].thinking and final.content[0].signature, "thinking text and signature")
    check(final.content[1].text == "Hello stub world", "text after thinking")

    refused = client.messages.create(model="refusal", max_tokens=64, messages=QUESTION)
    check(refused.stop_reason == "refusal", f"refusal: {refused.stop_reason}")

    try:
        with client.messages.stream(model="midstream-overloaded", max_tokens=64, messages=QUESTION) as stream:
            stream.get_final_message()
        check(False, "a mid-stream error event must raise")
    except anthropic.APIStatusError as error:
        check(error.body["error"]["type"] == "overloaded_error", f"mid-stream error body: {error.body}")

    expected = {400: anthropic.BadRequestError, 401: anthropic.AuthenticationError, 403: anthropic.PermissionDeniedError,
                404: anthropic.NotFoundError, 413: anthropic.RequestTooLargeError, 429: anthropic.RateLimitError,
                500: anthropic.InternalServerError, 529: anthropic.OverloadedError}
    for status, exception in expected.items():
        try:
            client.messages.create(model=f"error-{status}", max_tokens=64, messages=QUESTION)
            check(False, f"status {status} must raise")
        except exception as error:
            check(error.status_code == status, f"status {error.status_code}")
            check(error.body["type"] == "error" and error.body["error"]["message"], f"error body: {error.body}")
            check(error.request_id is not None and error.request_id.startswith("req_"), "error request-id")
            if status == 429:
                check(error.response.headers["retry-after"] == "1", "retry-after")


def openai_sdk():
    client = openai.OpenAI(base_url=BASE + "/v1", api_key="test", max_retries=0)

    completion = client.chat.completions.create(model="gpt-stub", messages=QUESTION)
    ChatCompletion.model_validate(completion.to_dict())
    check(completion.choices[0].message.content == "Hello stub world", f"content: {completion.choices}")
    check(completion.choices[0].finish_reason == "stop" and completion.usage.completion_tokens == 3, f"usage: {completion.usage}")

    chunks = list(client.chat.completions.create(model="gpt-stub", messages=QUESTION, stream=True,
                                                 stream_options={"include_usage": True}))
    for chunk in chunks:
        ChatCompletionChunk.model_validate(chunk.to_dict())
    text = "".join(choice.delta.content or "" for chunk in chunks for choice in chunk.choices)
    check(text == "Hello stub world", f"streamed text: {text!r}")
    check(chunks[-1].usage is not None and chunks[-1].usage.completion_tokens == 3, "usage chunk")

    try:
        client.chat.completions.create(model="error-429", messages=QUESTION)
        check(False, "429 must raise")
    except openai.RateLimitError as error:
        check(error.status_code == 429 and error.code == "rate_limit_exceeded", f"429: {error}")
    try:
        client.chat.completions.create(model="error-500", messages=QUESTION)
        check(False, "500 must raise")
    except openai.InternalServerError as error:
        check(error.status_code == 500, f"500: {error}")


anthropic_sdk()
openai_sdk()
print(f"ok: {checks} checks with anthropic {anthropic.__version__} and openai {openai.__version__}")
