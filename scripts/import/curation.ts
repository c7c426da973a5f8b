/**
 * Curating decisions, as data: which seed section becomes which note, titles, tags, aliases,
 * which duplicate wins, which diagrams become trees, which notes link to which. Extraction, repair
 * and writing are code (see build.ts); everything here is a choice a person made reading the seeds.
 */

export interface NoteSpec {
  /** File path under content/notes/ without `.md`. */
  slug: string;
  title: string;
  tags: string[];
  aliases?: string[];
  summary?: string;
  /**
   * First mention of `text` becomes a wikilink to `to` (a slug or a term name). Never inside code,
   * headings, table rows, URLs or existing links; `**` at the edges of `text` stays outside the link.
   */
  links?: [text: string, to: string][];
}

/**
 * 000's top-level sections after the trees, keyed by heading (emoji and ** removed); a repeated
 * heading is keyed `heading#2`. Both AGI and both MoE & MLA sections say different things, so both
 * stay, with distinct titles.
 */
export const NOTES_000: Record<string, NoteSpec> = {
  'Streamlit Teaching CV for Skill Based AGI MoE MA Systems': {
    slug: 'teaching-cv-skill-tree',
    title: 'Streamlit Teaching CV for Skill Based AGI MoE MA Systems',
    tags: ['skills', 'streamlit', 'learning'],
    aliases: ['TeachingCV'],
    summary: 'A Streamlit teaching CV: a numbered skill-tree overview for learning state-of-the-art ML, with mnemonic acronyms per skill area.',
  },
  'Scaling Laws in AI Model Training': {
    slug: 'scaling-laws-in-ai-model-training',
    title: 'Scaling Laws in AI Model Training',
    tags: ['scaling', 'training', 'math'],
  },
  'Attention Mechanism in Transformers': {
    slug: 'attention-mechanism-in-transformers',
    title: 'Attention Mechanism in Transformers',
    tags: ['attention', 'transformers', 'math'],
    links: [
      ['**only relevant experts**', 'mixture-of-experts-and-the-brain'],
      ['Transformers', 'attention-mechanism-in-neural-networks'],
    ],
  },
  'Attention Mechanism in Neural Networks': {
    slug: 'attention-mechanism-in-neural-networks',
    title: 'Attention Mechanism in Neural Networks',
    tags: ['attention', 'transformers'],
    links: [['transformer models', 'attention-mechanism-in-transformers']],
  },
  'Artificial General Intelligence (AGI)': {
    slug: 'agi-overview',
    title: 'Artificial General Intelligence (AGI)',
    tags: ['agi-overview'],
    links: [['Attention mechanisms', 'attention-mechanism-in-transformers']],
  },
  'Artificial General Intelligence (AGI)#2': {
    slug: 'agi-autonomy-and-agentic-ai',
    title: 'Artificial General Intelligence (AGI): Autonomy, Compute & Agentic AI',
    tags: ['agi-overview', 'agents', 'reasoning'],
    links: [
      ['autonomy', 'agi-overview'],
      ['**Self-improving, decision-making AI**', 'importance-of-o3-and-higher-reasoning'],
    ],
  },
  'Scale Pilled Executives & Their Vision': {
    slug: 'scale-pilled-executives',
    title: 'Scale Pilled Executives & Their Vision',
    tags: ['scaling', 'industry', 'compute'],
    links: [
      ['prioritize scaling laws', 'scaling-laws-in-ai-model-training'],
      ['chip restrictions', 'us-export-controls-on-ai-gpus'],
    ],
  },
  'Mixture of Experts (MoE) & Multi-Head Latent Attention (MLA)': {
    slug: 'moe-and-mla',
    title: 'Mixture of Experts (MoE) & Multi-Head Latent Attention (MLA)',
    tags: ['moe', 'mla', 'architecture'],
    links: [
      ['DeepSeek-V2', 'deepseek-mla-and-custom-gpu-communication'],
      ['dense models like LLaMA', 'llama-vs-moe-with-mla'],
    ],
  },
  'Mixture of Experts (MoE) & Multi-Head Latent Attention (MLA)#2': {
    slug: 'moe-and-mla-working-together',
    title: 'Mixture of Experts (MoE) & Multi-Head Latent Attention (MLA): How They Work Together',
    tags: ['moe', 'mla', 'architecture'],
    links: [
      ['Introduced in DeepSeek-V2', 'deepseek-mla-and-custom-gpu-communication'],
      ['Selectively activates only a few "expert" subnetworks per input', 'mixture-of-experts-and-the-brain'],
    ],
  },
  'US Export Controls on AI GPUs & Best GPUs for AI': {
    slug: 'us-export-controls-on-ai-gpus',
    title: 'US Export Controls on AI GPUs & Best GPUs for AI',
    tags: ['gpu', 'export-controls', 'hardware', 'geopolitics'],
    aliases: ['GPU export controls'],
    links: [['**10,000+ GPUs**', 'deepseek-10k-gpu-cluster']],
  },
  'AI Model Subscription Plans': {
    slug: 'ai-model-subscription-plans',
    title: 'AI Model Subscription Plans',
    tags: ['business', 'python', 'hugging-face'],
  },
  'DeepSeek’s Perspective on Humans': {
    slug: 'deepseek-perspective-on-humans',
    title: 'DeepSeek’s Perspective on Humans',
    tags: ['deepseek', 'psychology'],
    links: [['DeepSeek R1', 'think-time-compute-and-reasoning-models']],
  },
  'DeepSeek’s Perspective on Human Meta-Emotions': {
    slug: 'deepseek-perspective-on-meta-emotions',
    title: 'DeepSeek’s Perspective on Human Meta-Emotions',
    tags: ['deepseek', 'psychology'],
    links: [['distinct from other animals', 'deepseek-perspective-on-humans']],
  },
  "LLaMA's Activation & Attention Mechanism vs. MoE with MLA": {
    slug: 'llama-vs-moe-with-mla',
    title: "LLaMA's Activation & Attention Mechanism vs. MoE with MLA",
    tags: ['moe', 'mla', 'attention', 'architecture'],
    links: [
      ['multi-head attention', 'attention-mechanism-in-transformers'],
      ['**Speeds up inference**', 'moe-and-mla-working-together'],
    ],
  },
  'Mixture of Experts (MoE) and Its Relation to Brain Architecture': {
    slug: 'mixture-of-experts-and-the-brain',
    title: 'Mixture of Experts (MoE) and Its Relation to Brain Architecture',
    tags: ['moe', 'architecture', 'neuroscience'],
    links: [['dense neural networks', 'llama-vs-moe-with-mla']],
  },
  "DeepSeek's MLA & Custom GPU Communication Library": {
    slug: 'deepseek-mla-and-custom-gpu-communication',
    title: "DeepSeek's MLA & Custom GPU Communication Library",
    tags: ['deepseek', 'mla', 'gpu', 'communication'],
    links: [
      ['MoE + MLA', 'moe-and-mla-working-together'],
      ['NCCL (NVIDIA Collective Communications Library)', 'deepseek-mla-vs-nccl'],
    ],
  },
  "DeepSeek's MLA vs. Traditional NCCL – A New Paradigm in AI Training": {
    slug: 'deepseek-mla-vs-nccl',
    title: "DeepSeek's MLA vs. Traditional NCCL – A New Paradigm in AI Training",
    tags: ['deepseek', 'mla', 'gpu', 'communication'],
    links: [
      ['custom low-level GPU communication', 'deepseek-mla-and-custom-gpu-communication'],
      ['Does not optimize for Mixture of Experts (MoE)', 'deepseek-innovations-in-moe'],
    ],
  },
  'Meta’s Custom NCCL vs. DeepSeek’s Custom GPU Communication': {
    slug: 'meta-nccl-vs-deepseek-gpu-communication',
    title: 'Meta’s Custom NCCL vs. DeepSeek’s Custom GPU Communication',
    tags: ['deepseek', 'meta', 'gpu', 'communication'],
    links: [['**Too much synchronization overhead**', 'deepseek-mla-vs-nccl']],
  },
  "DeepSeek's Innovations in Mixture of Experts (MoE)": {
    slug: 'deepseek-innovations-in-moe',
    title: "DeepSeek's Innovations in Mixture of Experts (MoE)",
    tags: ['deepseek', 'moe'],
    links: [
      ['standard NCCL limitations', 'meta-nccl-vs-deepseek-gpu-communication'],
      ['dynamic expert routing', 'deepseek-moe-architecture'],
    ],
  },
  "DeepSeek's Mixture of Experts (MoE) Architecture": {
    slug: 'deepseek-moe-architecture',
    title: "DeepSeek's Mixture of Experts (MoE) Architecture",
    tags: ['deepseek', 'moe', 'architecture'],
    links: [['High sparsity factors', 'deepseek-innovations-in-moe']],
  },
  "DeepSeek's Auxiliary Loss in Mixture of Experts (MoE)": {
    slug: 'deepseek-auxiliary-loss-in-moe',
    title: "DeepSeek's Auxiliary Loss in Mixture of Experts (MoE)",
    tags: ['deepseek', 'moe', 'training'],
    links: [['only a subset of available experts', 'deepseek-moe-architecture']],
  },
  'The Bitter Lesson & DeepSeek’s MoE Evolution': {
    slug: 'bitter-lesson-and-deepseek-moe',
    title: 'The Bitter Lesson & DeepSeek’s MoE Evolution',
    tags: ['deepseek', 'moe', 'scaling'],
    links: [
      ['**auxiliary loss', 'deepseek-auxiliary-loss-in-moe'],
      ['Scaling up general learning algorithms', 'what-wins-out-in-deep-learning'],
    ],
  },
  'What Eventually Wins Out in Deep Learning?': {
    slug: 'what-wins-out-in-deep-learning',
    title: 'What Eventually Wins Out in Deep Learning?',
    tags: ['scaling', 'deep-learning'],
    links: [['The Bitter Lesson', 'bitter-lesson-and-deepseek-moe']],
  },
  "Dirk Groeneveld's Insight on AI Training & Loss Monitoring": {
    slug: 'dirk-groeneveld-loss-monitoring',
    title: "Dirk Groeneveld's Insight on AI Training & Loss Monitoring",
    tags: ['training'],
    links: [['**Modify training parameters**', 'model-training-yolo-and-moe-experts']],
  },
  'Model Training, YOLO Strategy & The Path of MoE Experts': {
    slug: 'model-training-yolo-and-moe-experts',
    title: 'Model Training, YOLO Strategy & The Path of MoE Experts',
    tags: ['training', 'moe'],
    links: [
      ['YOLO (You Only Live Once) runs', 'pursuit-of-moe-in-gpt4-and-deepseek'],
      ['DeepSeek’s approach', 'deepseek-innovations-in-moe'],
    ],
  },
  'The Pursuit of Mixture of Experts (MoE) in GPT-4 & DeepSeek': {
    slug: 'pursuit-of-moe-in-gpt4-and-deepseek',
    title: 'The Pursuit of Mixture of Experts (MoE) in GPT-4 & DeepSeek',
    tags: ['moe', 'deepseek', 'openai'],
    links: [['More sophisticated expert routing mechanisms', 'deepseek-moe-architecture']],
  },
  'DeepSeek’s 10K GPU Cluster, Hedge Fund Trading & AI Evolution': {
    slug: 'deepseek-10k-gpu-cluster',
    title: 'DeepSeek’s 10K GPU Cluster, Hedge Fund Trading & AI Evolution',
    tags: ['deepseek', 'gpu', 'compute'],
    links: [
      ['before US export controls began', 'us-export-controls-on-ai-gpus'],
      ['Mixture of Experts (MoE) and NLP research', 'deepseek-innovations-in-moe'],
    ],
  },
  'Liang Wenfeng & His AGI Vision': {
    slug: 'liang-wenfeng-agi-vision',
    title: 'Liang Wenfeng & His AGI Vision',
    tags: ['deepseek', 'agi-overview', 'people'],
    links: [
      ['focused on hedge fund strategies', 'deepseek-10k-gpu-cluster'],
      ['AGI (Artificial General Intelligence)', 'agi-overview'],
    ],
  },
  'Dario Amodei’s Perspective on AI Export Controls & Why China’s AI Will Still Compete': {
    slug: 'dario-amodei-on-export-controls',
    title: 'Dario Amodei’s Perspective on AI Export Controls & Why China’s AI Will Still Compete',
    tags: ['export-controls', 'geopolitics', 'deepseek', 'people'],
    links: [
      ['stricter US export controls', 'us-export-controls-on-ai-gpus'],
      ['DeepSeek’s MoE models', 'deepseek-innovations-in-moe'],
    ],
  },
  'Think-Time Compute & Reasoning Models (R1 & O1)': {
    slug: 'think-time-compute-and-reasoning-models',
    title: 'Think-Time Compute & Reasoning Models (R1 & O1)',
    tags: ['reasoning', 'inference', 'compute'],
    links: [['**O3**', 'importance-of-o3-and-higher-reasoning']],
  },
  'François Chollet’s ARC-AGI Benchmark & AI Reasoning Pursuit': {
    slug: 'arc-agi-benchmark',
    title: 'François Chollet’s ARC-AGI Benchmark & AI Reasoning Pursuit',
    tags: ['reasoning', 'benchmarks', 'agi-overview'],
    links: [['**O3 model attempted to solve ARC tasks**', 'importance-of-o3-and-higher-reasoning']],
  },
  'The Importance of O3 & Higher Reasoning in AI': {
    slug: 'importance-of-o3-and-higher-reasoning',
    title: 'The Importance of O3 & Higher Reasoning in AI',
    tags: ['reasoning', 'agi-overview'],
    links: [
      ['massive test-time compute', 'think-time-compute-and-reasoning-models'],
      ['autonomous AGI', 'openai-operator-and-claude-computer-use'],
    ],
  },
  'OpenAI Operator & Claude Computer Use: AI Controlling Apps Like a Human': {
    slug: 'openai-operator-and-claude-computer-use',
    title: 'OpenAI Operator & Claude Computer Use: AI Controlling Apps Like a Human',
    tags: ['agents', 'automation', 'testing'],
  },
  'Conversational AI & Its Growing Challenges': {
    slug: 'conversational-ai-challenges',
    title: 'Conversational AI & Its Growing Challenges',
    tags: ['ai-safety', 'regulation'],
    links: [['U.S. AI diffusion rules', 'us-export-controls-on-ai-gpus']],
  },
  'Extreme Ultraviolet Lithography (EUVL) & AI Chips': {
    slug: 'euv-lithography-and-ai-chips',
    title: 'Extreme Ultraviolet Lithography (EUVL) & AI Chips',
    tags: ['semiconductors', 'hardware', 'geopolitics'],
    links: [['**China needs EUVL machines**', 'semiconductors-in-ai-growth']],
  },
  'The Role of Semiconductors in AI Growth & Global Chip Making': {
    slug: 'semiconductors-in-ai-growth',
    title: 'The Role of Semiconductors in AI Growth & Global Chip Making',
    tags: ['semiconductors', 'hardware', 'geopolitics'],
    links: [
      ['**EUV Lithography**', 'euv-lithography-and-ai-chips'],
      ['**U.S. export bans**', 'us-export-controls-on-ai-gpus'],
    ],
  },
};

/** Diagrams of MoE/MLA notes that are knowledge trees of their own; the note links to the tree. */
export interface TreeFromNote {
  note: string; // key in NOTES_000
  slug: string;
  title: string;
  tags: string[];
  description: string;
}
export const TREES_FROM_NOTES: TreeFromNote[] = [
  {
    note: 'Mixture of Experts (MoE) & Multi-Head Latent Attention (MLA)#2',
    slug: 'moe-and-mla-architecture',
    title: 'MoE & MLA Architecture',
    tags: ['moe', 'mla', 'architecture'],
    description: 'An input query passes a MoE router, the top-k experts process it, and Multi-Head Latent Attention produces an efficient transformer output.',
  },
  {
    note: 'Mixture of Experts (MoE) and Its Relation to Brain Architecture',
    slug: 'moe-gating-network',
    title: 'MoE Architecture: Gating Network & Experts',
    tags: ['moe', 'architecture'],
    description: 'A gating network selects the top-k experts; their outputs form the final prediction.',
  },
  {
    note: "DeepSeek's MLA & Custom GPU Communication Library",
    slug: 'deepseek-mla-gpu-stack',
    title: "DeepSeek's MLA + Custom GPU Stack",
    tags: ['deepseek', 'mla', 'gpu'],
    description: 'Model input, DeepSeek’s custom GPU layer, Multi-Head Latent Attention and sparse Mixture of Experts, in the order a request flows through them.',
  },
  {
    note: "DeepSeek's Mixture of Experts (MoE) Architecture",
    slug: 'deepseek-moe-shared-and-routed-experts',
    title: 'DeepSeek MoE: Shared & Routed Experts',
    tags: ['deepseek', 'moe', 'architecture'],
    description: 'DeepSeek’s router sends each token to always-on shared experts and to dynamically chosen routed experts.',
  },
  {
    note: "DeepSeek's Auxiliary Loss in Mixture of Experts (MoE)",
    slug: 'deepseek-moe-auxiliary-loss',
    title: 'DeepSeek MoE with Auxiliary Loss',
    tags: ['deepseek', 'moe', 'training'],
    description: 'An auxiliary loss monitors expert selection and balances the load across experts.',
  },
  {
    note: 'The Bitter Lesson & DeepSeek’s MoE Evolution',
    slug: 'deepseek-moe-routing-bitter-lesson',
    title: 'DeepSeek MoE Routing & The Bitter Lesson',
    tags: ['deepseek', 'moe', 'scaling'],
    description: 'Routing-parameter updates, instead of an auxiliary loss, balance expert usage.',
  },
];

/** Titles of the twenty numbered facts of 002 (the facts themselves carry no titles). */
export const FACT_TITLES: string[] = [
  'Image generation: GANs and diffusion',
  'DeepSpeed and ZeRO',
  'ONNX',
  'Multi-processors vs. multi-cores',
  'Mypy',
  'BERT vs. GPT',
  'Tokenizers and vocabulary size',
  'Query, Key and Value',
  'Fine-tuning vs. prompting',
  'NVTX',
  'Sequence length, context size and prompt size',
  'Special tokens: [CLS] and [SEP]',
  'Branch prediction and TAGE',
  '3D and 2.5D interconnects',
  'Multi-chip modules and interconnect standards',
  'Chiplets, nodes, pods and collectives',
  'Build with -O3',
  'KV cache',
  'How to speak',
  'Excel tips',
];

/** 003's loose notes: each segment starts at a line (exact text) and runs to the next segment. */
export interface LooseSpec extends NoteSpec {
  start: string;
  /** Fragment lines left out (see the exclusions in tests/unit/import/homes.test.ts). */
  drop?: string[];
  /** Turn lines starting with these words into a ```bash block. */
  code?: RegExp;
}
export const NOTES_003: LooseSpec[] = [
  { start: '# Server floor fabric side', slug: 'study/network-planning-jargon', title: 'Network Planning Jargon', tags: ['study-notes', 'networking', 'datacenter'], summary: 'Terse notes from a network planning meeting: fabric, superblocks, intent pools, capacity and flows.' },
  { start: '# this is a good article on', slug: 'study/diffusion-and-vae-articles', title: 'Diffusion & VAE Articles', tags: ['study-notes', 'diffusion', 'reading-list'], summary: 'Two good articles: a diffusion tutorial and an introduction to VAEs.' },
  { start: '# RAG', slug: 'study/rag-study-notes', title: 'RAG Study Notes', tags: ['study-notes', 'rag', 'llm'], summary: 'Why retrieve documents for an LLM: staleness, hallucination, attribution, customization.' },
  { start: '# R', drop: ['# R', '1.'], slug: 'study/lora-and-dreambooth', title: 'LoRA & DreamBooth Study Notes', tags: ['study-notes', 'diffusion', 'fine-tuning'], summary: 'Controlling image generation: DreamBooth fine-tunes a model on a person, LoRA plugs a low-rank attachment into the weights.', links: [['Stable diffusion XL', 'study/diffusion-papers']] },
  { start: 'Denoisig Diffusion Probabilistic Models', slug: 'study/diffusion-papers', title: 'Diffusion Papers', tags: ['study-notes', 'diffusion', 'paper'], summary: 'DDPM, SDXL and diffusion forcing: noise is added step by step until the image is destroyed.' },
  { start: 'Network transfer for coding to research', slug: 'study/from-coding-to-research', title: 'Moving from Coding to Research', tags: ['study-notes', 'career'], summary: 'How to move from engineering into research: publish, find a niche, leverage advisors.' },
  { start: '# simple framework for constractive learning', slug: 'study/reading-list', title: 'ML Reading List', tags: ['study-notes', 'reading-list'], summary: 'Papers, tutorials and links to read: contrastive learning, BM25, R-CNN vs YOLO, Conformer, Squeezeformer, diffusion, boosting.', links: [['resnet model', 'study/resnet']] },
  { start: 'Probably not state of the art model', slug: 'study/ml-roles', title: 'ML Roles: Engineer, Scientist, Applied Scientist', tags: ['study-notes', 'career'], summary: 'What ML engineering, ML science and applied science roles do.' },
  { start: '# resnet', slug: 'study/resnet', title: 'ResNet', tags: ['study-notes', 'computer-vision'], aliases: ['Residual neural network'], summary: 'Why deeper networks degrade, and how skip connections let a network learn an identity function.', links: [['Skip connections', 'Skip Connection']] },
  { start: '3. Mark R-CNN - detects objects in an image', slug: 'study/r-cnn-family', title: 'The R-CNN Family', tags: ['study-notes', 'computer-vision', 'detection'], aliases: ['R-CNN, Fast R-CNN, Mask R-CNN'], summary: 'R-CNN, Fast R-CNN, Faster R-CNN and Mask R-CNN: region proposals, ROI pooling, masks.', links: [['Mark R-CNN', 'Mask R-CNN']] },
  { start: '# ml', slug: 'study/boosting-vs-bagging', title: 'Boosting vs Bagging', tags: ['study-notes', 'reading-list'], summary: 'A link on gradient boosting from scratch.' },
  { start: '# converting', slug: 'study/conda-commands', title: 'Conda Commands', tags: ['study-notes', 'tools', 'python'], summary: 'Everyday conda commands: init, list, remove, clean, rename and create environments.', code: /^(conda |copy from|~\/)/ },
  { start: '## David Reed', slug: 'study/study-success-hacks', title: 'Study Success Hacks (David Reed)', tags: ['study-notes', 'learning'], summary: 'Seven success hacks for a course and the support it offers.' },
  { start: '# Multimodal training', slug: 'study/multimodal-training', title: 'Multimodal Training Notes', tags: ['study-notes', 'multimodal', 'training'], summary: 'Diffusion, overfitting versus generalisation, residual connections and dropout in multimodal training.', links: [['Resnet, dropout', 'study/resnet']] },
  { start: '# papers to read', slug: 'study/papers-to-read', title: 'Papers to Read', tags: ['study-notes', 'reading-list'], summary: 'Curated lists of must-read ML papers.' },
  { start: 'The Kernel Trick in Support Vector Classification | by Drew Wilimitis | Towards Data Science', slug: 'study/svm-kernel-trick', title: 'SVM & the Kernel Trick', tags: ['study-notes', 'classical-ml'], summary: 'SVMs transform data with kernels; trees suit tabular data; neural networks now win on images and audio.' },
];

/**
 * Sections of 000 whose last line stops mid-word or mid-sentence in the seed (the export was cut
 * there): keyed like NOTES_000, with the line as it ends. The note marks it as cut off.
 */
export const CUT_OFF: Record<string, string> = {
  'Artificial General Intelligence (AGI)': '- **AGI will redef',
  'Artificial General Intelligence (AGI)#2': '   - Ethical concerns over',
};

/**
 * Diagram nodes that name a note or term the site cannot find by the node's id or label: the plain
 * label (emoji removed, `<br>` a space) and where the node links (a term name or a note's slug).
 * Where the label names exactly one term, the import links it without an entry here.
 */
export const NODE_LINKS: Record<string, string> = {
  // the async-HPC map: nodes that name one of its twenty papers (the first named, where several are)
  'MPI4Dask / UCX / MVAPICH2-GDR / OMB-Py Benchmarks': 'papers/efficient-mpi-based-communication-for-gpu',
  'GPU-Accelerated HPC (CUDA, FPGA, Neuromorphic, SYCL-DNN, Dragon-Alpha)': 'papers/accelerated-neural-networks-on-opencl-devices',
  'Dask & Distributed Futures (MPI4Dask, UCX-Py, HPC)': 'papers/efficient-mpi-based-communication-for-gpu',
  'TensAIR / FFCV / VDMS-Async': 'papers/tensair-online-learning-from-data-streams',
  'High-Throughput Web Inference: JIZHI, Model-as-a-Service': 'papers/jizhi-a-fast-and-cost-effective',
  'BlueFog (Decentralized), POLO (Optimization), Parallel RL Actors': 'papers/bluefog-make-decentralized-algorithms-practical-for',
  'SamurAI IoT Node (Event-driven wake-up, Embedded ML)': 'papers/samurai-a-versatile-iot-node-with',
  'Walle End-to-End Device-Cloud System': 'papers/walle-an-end-to-end-general',
  'DeepSpark & Caffe HPC (GPI-2)': 'papers/deepspark-a-spark-based-distributed-deep',
  'Asynchronous Routing, Arbitration, Core Interface Optimization': 'papers/core-interface-optimization-for-multi-core',
  'Isabelle/jEdit (PIDE) Prover Integration': 'papers/isabelle-jedit-a-prover-ide-within',
  'ROS & VPL (Visual Programming) for Robot HPC Education': 'papers/ros-based-visual-programming-tool-for',
  // labels that name more than one term, or a term by another word
  'ARC-AGI Benchmark': 'ARC-AGI',
  "2022: OpenAI's GPT-4 YOLO Run": 'YOLO Run',
  'GPT-4 Sparse MoE Scaling': 'Mixture of Experts',
  'Router': 'Gating Network',
};

/**
 * Terms whose mentions in the notes are not linked as the site would by default (frontmatter
 * `autolink`), each after reading every linked mention in the built notebook. A term not listed
 * links at its first mention in any case (words written with inner capitals, `LoRA`, only as written).
 */
export const TERM_AUTOLINK: Record<string, false | 'as-written'> = {
  // "AI Detection Tools", "detection and display of CUDA properties": detecting AI text or devices,
  // not the concept map's visual detection; capitalised the same way, so only `false` tells them apart.
  Detection: false,
  // Its alias is the concept-map node id `CO`, which the skill tree uses for Community OpenSource
  // ("its root node is abbreviated as CO"); the word itself occurs only inside the label "Compression Survey".
  Compression: false,
  // "two 3D stacks of chiplets", "AMD 3D cache": chip stacking in the systems notes, not the concept
  // map's 3D data and modelling; written the same way, so only `false` tells them apart.
  '3D': false,
  // "a long-term vision": foresight. The concept map writes Vision; "Computer Vision" still links.
  Vision: 'as-written',
  // "keys (video title, description, etc.)": a search example, not the video modality.
  Video: 'as-written',
};
