/**
 * Terms the notes define (kind: term). The long definition is quoted from the notebook by code:
 * `from` is where the defining passage starts in the (repaired) seed, `sentences` how many
 * sentences to take. `short` is the one-line card text. `related` must name other terms.
 */
export interface TermSpec {
  term: string;
  aliases?: string[];
  emoji?: string;
  short: string;
  related?: string[];
  quote: { seed: 's000' | 's001' | 's002' | 's003'; from: string; sentences?: number };
  /** The note that explains the term (slug), linked from the term's body. */
  see?: string;
  tags?: string[];
}

export const TERMS: TermSpec[] = [
  { term: 'Tokenizer', short: 'Encodes input text into a sequence of tokens for a model.', related: ['Vocabulary Size', 'Special Tokens'], quote: { seed: 's002', from: '_Tokenizer_ is a library', sentences: 4 }, see: 'twenty-ml-and-systems-facts' },
  { term: 'Vocabulary Size', short: 'The number of unique tokens a model recognises.', related: ['Tokenizer'], quote: { seed: 's002', from: '_Vocabulary size_ refers' }, see: 'twenty-ml-and-systems-facts' },
  { term: 'Sequence Length', short: 'Tokens processed at once, in a single forward pass.', related: ['Context Size', 'Prompt Size'], quote: { seed: 's002', from: '_Sequence length_ is' }, see: 'twenty-ml-and-systems-facts' },
  { term: 'Context Size', aliases: ['Context length', 'Context window'], short: 'The relevant tokens a model considers while processing a token.', related: ['Sequence Length', 'Prompt Size'], quote: { seed: 's002', from: '_Context size_ refers', sentences: 2 }, see: 'twenty-ml-and-systems-facts' },
  { term: 'Prompt Size', short: 'The number of input tokens in the current prompt.', related: ['Context Size', 'Sequence Length'], quote: { seed: 's002', from: '_Prompt size_ is' }, see: 'twenty-ml-and-systems-facts' },
  { term: 'Special Tokens', aliases: ['[CLS]', '[SEP]'], short: 'Separation or end tokens such as [CLS] and [SEP].', related: ['Tokenizer', 'BERT'], quote: { seed: 's002', from: 'Special tokens such as', sentences: 2 } },
  { term: 'KV Cache', aliases: ['Key-value cache'], short: 'Stores K and V matrices so decoding does not recompute them.', related: ['Query, Key and Value', 'GPT'], quote: { seed: 's002', from: 'In every decoding step', sentences: 2 }, see: 'twenty-ml-and-systems-facts' },
  { term: 'Query, Key and Value', aliases: ['QKV', 'Q/K/V'], short: 'What you look for, what each item contains, and what is aggregated.', related: ['Self-Attention', 'Multi-Head Attention', 'KV Cache'], quote: { seed: 's002', from: 'The key/value/query concept is analogous', sentences: 2 }, see: 'attention-mechanism-in-neural-networks' },
  { term: 'Self-Attention', aliases: ['Scaled Dot-Product Attention'], short: 'Each token attends to every other token of the same sequence.', related: ['Multi-Head Attention', 'Query, Key and Value'], quote: { seed: 's000', from: 'Self-attention allows each element', sentences: 2 }, see: 'attention-mechanism-in-transformers' },
  { term: 'Multi-Head Attention', aliases: ['MHA'], short: 'Several attention heads in parallel, each learning a different representation.', related: ['Self-Attention', 'Multi-Head Latent Attention'], quote: { seed: 's000', from: 'Instead of having a single attention mechanism, multi-head', sentences: 2 }, see: 'attention-mechanism-in-transformers' },
  { term: 'Mixture of Experts', aliases: ['MoE'], short: 'An architecture that activates only a few expert sub-networks per input.', related: ['Multi-Head Latent Attention', 'Auxiliary Loss', 'Gating Network'], quote: { seed: 's000', from: '**MoE is an AI model architecture**', sentences: 2 }, see: 'mixture-of-experts-and-the-brain' },
  { term: 'Gating Network', aliases: ['MoE router'], short: 'Decides which experts of a MoE layer to activate for an input.', related: ['Mixture of Experts'], quote: { seed: 's000', from: '**Gating Network 🎛️**' }, see: 'mixture-of-experts-and-the-brain' },
  { term: 'Multi-Head Latent Attention', aliases: ['MLA'], short: 'A DeepSeek-V2 variant of multi-head attention that caches latent states to save memory.', related: ['Multi-Head Attention', 'Mixture of Experts', 'NCCL'], quote: { seed: 's000', from: '**MLA is a variant of Multi-Head Attention**' }, see: 'deepseek-mla-and-custom-gpu-communication' },
  { term: 'Auxiliary Loss', short: 'A loss term that balances load across the experts of a MoE model.', related: ['Mixture of Experts'], quote: { seed: 's000', from: '**Purpose:** Ensures that the model' }, see: 'deepseek-auxiliary-loss-in-moe' },
  { term: 'NCCL', aliases: ['NVIDIA Collective Communications Library'], short: 'NVIDIA’s library for synchronising large models across GPUs.', related: ['Allreduce', 'Multi-Head Latent Attention'], quote: { seed: 's000', from: '**NCCL (NVIDIA Collective Communications Library)** is used for' }, see: 'deepseek-mla-vs-nccl' },
  { term: 'Allreduce', aliases: ['All-Reduce'], short: 'Collects and reduces data, then shares the result with all nodes.', related: ['Allgather', 'Reduce-Scatter', 'NCCL'], quote: { seed: 's002', from: 'Allreduce (collects data' }, see: 'twenty-ml-and-systems-facts' },
  { term: 'Allgather', aliases: ['All-Gather'], short: 'Gathers data from all nodes and distributes the combined data.', related: ['Allreduce', 'Reduce-Scatter'], quote: { seed: 's002', from: 'Allgather (gathers data' } },
  { term: 'Reduce-Scatter', short: 'Reduces data from all nodes and scatters the output between them.', related: ['Allreduce', 'Allgather'], quote: { seed: 's002', from: 'Reduce-Scatter (reduces' } },
  { term: 'TAGE', aliases: ['TAgged GEometric length predictor'], short: 'One of the most accurate conditional branch predictors.', quote: { seed: 's002', from: '_TAgged GEometric length predictor (TAGE)_', sentences: 2 } },
  { term: 'ZeRO', aliases: ['Zero Redundancy Optimizer'], short: 'DeepSpeed’s main contribution for training large models.', related: ['DeepSpeed'], quote: { seed: 's002', from: 'Main contribution: Zero Redundancy Optimizer' } },
  { term: 'DeepSpeed', short: 'Microsoft’s library for accelerating LLM training and inference.', related: ['ZeRO'], quote: { seed: 's002', from: 'is a library offered my Microsoft' } },
  { term: 'ONNX', short: 'An open source standard for representing deep learning models.', quote: { seed: 's002', from: '_ONNX_ is an open source' } },
  { term: 'Mypy', short: 'A static type checker for Python.', quote: { seed: 's002', from: '_Mypy_ is a static' } },
  { term: 'NVTX', short: 'An annotation tool for debugging and profiling Python code.', quote: { seed: 's002', from: 'NVTX is an annotation tool', sentences: 2 } },
  { term: 'BERT', short: 'A bi-directional, encoder-only transformer, used e.g. for sequence classification.', related: ['GPT', 'Special Tokens'], quote: { seed: 's002', from: 'There is a difference between _BERT_', sentences: 5 } },
  { term: 'GPT', short: 'A single-direction, decoder-only transformer used for text prediction.', related: ['BERT', 'KV Cache'], quote: { seed: 's002', from: 'BERT is encoder-only architecture' } },
  { term: 'RLHF', aliases: ['Reinforcement Learning from Human Feedback'], short: 'A method besides prompting that is replacing plain fine-tuning.', quote: { seed: 's002', from: 'Fine-tuning is getting replaced', sentences: 2 } },
  { term: 'CXL', aliases: ['Compute Express Link'], short: 'Interconnect from CPU to device or CPU to memory.', related: ['RDMA', 'UCIe'], quote: { seed: 's002', from: 'CXL(Compute Express Link)' } },
  { term: 'RDMA', aliases: ['Remote Direct Memory Access'], short: 'Direct memory access between two computers on a network.', related: ['CXL'], quote: { seed: 's002', from: 'RDMA (Remote Direct Memory Access)' } },
  { term: 'UCIe', short: 'Interconnect standard for 2D/2.5D packages or chiplets.', related: ['CXL'], quote: { seed: 's002', from: 'UCIe for 2D/2.5D' } },
  { term: 'Chiplet Interconnects', aliases: ['2.5D interconnect', '3D stacking'], short: '3D or 2.5D links between chiplets and memory, as Moore’s law slows.', related: ['UCIe'], quote: { seed: 's002', from: "With Moore's law dying", sentences: 2 } },
  { term: 'GAN', aliases: ['Generative Adversarial Network', 'GANs'], short: 'A generator network paired with a discriminator that tells real from generated samples.', related: ['DDPM'], quote: { seed: 's002', from: 'GANs consist of a generator' } },
  { term: 'DDPM', aliases: ['Denoising Diffusion Probabilistic Models'], short: 'Diffusion: keep adding noise at every time step until the image is destroyed, then learn to reverse it.', related: ['GAN', 'LoRA'], quote: { seed: 's003', from: 'For everything time step', sentences: 1 }, see: 'study/diffusion-papers' },
  { term: 'LoRA', aliases: ['Low-Rank Adaptation'], short: 'A small low-rank attachment that modifies a model’s weights.', related: ['DreamBooth', 'DDPM'], quote: { seed: 's003', from: 'Attachment to modify weights in the model' }, see: 'study/lora-and-dreambooth' },
  { term: 'DreamBooth', short: 'Fine-tunes a diffusion model on pictures of one subject so it can reproduce them.', related: ['LoRA'], quote: { seed: 's003', from: 'Take a bunch of pictures of a person' }, see: 'study/lora-and-dreambooth' },
  { term: 'Retrieval-Augmented Generation', aliases: ['RAG'], short: 'Retrieve related documents and give them to the model as context.', related: ['BM25'], quote: { seed: 's003', from: 'Retrieve related documents from input' }, see: 'study/rag-study-notes' },
  { term: 'BM25', aliases: ['Okapi BM25'], short: 'A classic ranking function for retrieval.', related: ['Retrieval-Augmented Generation'], quote: { seed: 's003', from: 'https://en.wikipedia.org/wiki/Okapi_BM25' }, see: 'study/reading-list' },
  { term: 'Skip Connection', aliases: ['Residual connection'], short: 'A shortcut for the gradient that lets a network learn an identity function.', related: ['ROI Pooling'], quote: { seed: 's003', from: 'Alternate shortcut for the gradient' }, see: 'study/resnet' },
  { term: 'ROI Pooling', short: 'Downsamples feature maps per region of interest.', related: ['R-CNN'], quote: { seed: 's003', from: 'Downsamples feature maps' }, see: 'study/r-cnn-family' },
  { term: 'R-CNN', aliases: ['Region CNN'], short: 'Extract region proposals, compute CNN features, classify regions.', related: ['ROI Pooling', 'Mask R-CNN'], quote: { seed: 's003', from: '5. R-CNN Region CNN' }, see: 'study/r-cnn-family' },
  { term: 'Mask R-CNN', short: 'Faster R-CNN that also outputs an object mask.', related: ['R-CNN'], quote: { seed: 's003', from: 'Mark R-CNN - detects objects' }, see: 'study/r-cnn-family' },
  { term: 'Scaling Laws', aliases: ['Scaling law'], short: 'Loss as a power law of model size and data: E + A/N^α + B/D^β.', related: ['Irreducible Error'], quote: { seed: 's000', from: 'Importance of scaling laws' }, see: 'scaling-laws-in-ai-model-training' },
  { term: 'Irreducible Error', short: 'The loss no model or dataset size removes.', related: ['Scaling Laws'], quote: { seed: 's000', from: 'Represents fundamental uncertainty', sentences: 2 }, see: 'scaling-laws-in-ai-model-training' },
  { term: 'Think-Time Compute', aliases: ['Test-time compute'], short: 'Compute spent at inference, where reasoning models spend much more.', related: ['ARC-AGI'], quote: { seed: 's000', from: '**Think-time compute** refers' }, see: 'think-time-compute-and-reasoning-models' },
  { term: 'ARC-AGI', aliases: ['Abstract Reasoning Corpus', 'ARC'], short: 'François Chollet’s benchmark for AI’s general intelligence.', related: ['Think-Time Compute', 'Artificial General Intelligence'], quote: { seed: 's000', from: '**ARC (Abstract Reasoning Corpus)' }, see: 'arc-agi-benchmark' },
  { term: 'Artificial General Intelligence', aliases: ['AGI'], short: 'An AI system with human-like cognitive abilities across domains.', related: ['ARC-AGI', 'Agentic AI'], quote: { seed: 's000', from: '**AGI** refers to an AI system', sentences: 2 }, see: 'agi-overview' },
  { term: 'Agentic AI', short: 'Independent AI that solves problems beyond its training data.', related: ['Artificial General Intelligence'], quote: { seed: 's000', from: 'Future AGI **must be independent**' }, see: 'agi-autonomy-and-agentic-ai' },
  { term: 'Scale Pilled', aliases: ['Scale-pilled'], short: 'Executives who prioritise scaling laws in AI and data infrastructure.', related: ['Scaling Laws'], quote: { seed: 's000', from: '**"Scale Pilled"** refers' }, see: 'scale-pilled-executives' },
  { term: 'The Bitter Lesson', short: 'General methods that leverage computation beat human-engineered knowledge.', related: ['Scaling Laws', 'Mixture of Experts'], quote: { seed: 's000', from: '**Core Idea:** The best AI systems' }, see: 'bitter-lesson-and-deepseek-moe' },
  { term: 'YOLO Run', aliases: ['YOLO strategy'], short: 'An aggressive one-off training experiment.', related: ['Mixture of Experts'], quote: { seed: 's000', from: '**YOLO (You Only Live Once) runs** are key' }, see: 'model-training-yolo-and-moe-experts' },
  { term: 'Meta-Emotions', short: 'Emotions about one’s own emotions.', quote: { seed: 's000', from: '**Humans experience "meta-emotions"**' }, see: 'deepseek-perspective-on-meta-emotions' },
  { term: 'Extreme Ultraviolet Lithography', aliases: ['EUVL', 'EUV lithography'], short: 'Chip manufacturing with 13.5 nm EUV light, enabling 5 nm and 3 nm nodes.', related: ['ASML'], quote: { seed: 's000', from: '**Extreme Ultraviolet Lithography (EUVL)** is' }, see: 'euv-lithography-and-ai-chips' },
  { term: 'ASML', short: 'The Dutch company that alone builds EUV lithography machines.', related: ['Extreme Ultraviolet Lithography'], quote: { seed: 's000', from: 'ASML (Advanced Semiconductor Materials Lithography) is' }, see: 'semiconductors-in-ai-growth' },
  { term: 'KEDA', short: 'Kubernetes event-driven autoscaling, used to scale replicas for HPC-style load.', quote: { seed: 's001', from: 'configure KEDA to autoscale' }, see: 'prompts-to-see-sota-papers-and-ideas-in-code' },
  { term: 'nest_asyncio', short: 'Patches the asyncio event loop to allow nested asyncio.run().', quote: { seed: 's001', from: '# Patch the asyncio event loop' }, see: 'move-37' },
];
