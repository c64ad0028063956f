// Prints the top-k next-token logits llama.cpp computes for each prompt, as
// JSON lines, so Portolan's candle runtime can be checked against it.
// Build: eval/reference/build-llama.sh (links the reference libllama).
// Usage: llama_top_logits MODEL.gguf K < prompts.txt   (one prompt per line, \n escaped as \\n)
#include "llama.h"
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

static std::string unescape(const std::string &s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == 'n') { out += '\n'; ++i; }
        else out += s[i];
    }
    return out;
}

static std::string json_escape(const std::string &s) {
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\') { out += '\\'; out += c; }
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: %s MODEL.gguf K < prompts\n", argv[0]); return 2; }
    int k = std::stoi(argv[2]);
    llama_backend_init();
    llama_log_set([](ggml_log_level, const char *, void *) {}, nullptr);
    llama_model_params mp = llama_model_default_params();
    llama_model *model = llama_model_load_from_file(argv[1], mp);
    if (!model) { fprintf(stderr, "cannot load %s\n", argv[1]); return 1; }
    const llama_vocab *vocab = llama_model_get_vocab(model);
    int n_vocab = llama_vocab_n_tokens(vocab);
    std::string line;
    while (std::getline(std::cin, line)) {
        if (line.empty()) continue;
        std::string prompt = unescape(line);
        llama_context_params cp = llama_context_default_params();
        cp.n_ctx = 2048;
        cp.n_batch = 2048;
        llama_context *ctx = llama_init_from_model(model, cp);
        std::vector<llama_token> toks(prompt.size() + 8);
        int n = llama_tokenize(vocab, prompt.c_str(), prompt.size(), toks.data(), toks.size(), false, true);
        toks.resize(n);
        if (llama_decode(ctx, llama_batch_get_one(toks.data(), n)) != 0) { fprintf(stderr, "decode failed\n"); return 1; }
        const float *logits = llama_get_logits_ith(ctx, -1);
        std::vector<int> idx(n_vocab);
        for (int i = 0; i < n_vocab; ++i) idx[i] = i;
        std::partial_sort(idx.begin(), idx.begin() + k, idx.end(), [&](int a, int b) { return logits[a] > logits[b]; });
        printf("{\"prompt\":\"%s\",\"tokens\":[", json_escape(prompt).c_str());
        for (int i = 0; i < n; ++i) printf("%s%d", i ? "," : "", toks[i]);
        printf("],\"top\":[");
        for (int i = 0; i < k; ++i) printf("%s[%d,%.5f]", i ? "," : "", idx[i], logits[idx[i]]);
        printf("]}\n");
        llama_free(ctx);
    }
    llama_model_free(model);
    return 0;
}
