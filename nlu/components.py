"""Rasa 3.6 pipeline components for residents' messages; loaded by Rasa, in the NLU environment only.

The rule parts live in plain modules (nlu.entities, nlu.polls, nlu.urgency)
so the bot and the tests can use them without Rasa; these classes only
adapt them to Rasa's graph.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import ENTITIES, INTENT, METADATA, METADATA_INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC
from typing_extensions import Self

from nlu.entities import find_entities
from nlu.polls import parse_ballot, parse_poll
from nlu.urgency import is_urgent

log = logging.getLogger(__name__)


def _save(model_storage: ModelStorage, resource: Resource, obj: Any) -> None:
    import skops.io as sio

    with model_storage.write_to(resource) as directory:
        sio.dump(obj, directory / "model.skops")


def _load(model_storage: ModelStorage, resource: Resource) -> Any:
    import skops.io as sio

    with model_storage.read_from(resource) as directory:
        path = directory / "model.skops"
        # Our own training output, written by _save in the same model archive.
        return sio.load(path, trusted=sio.get_untrusted_types(file=path))


def _sentence_matrix(messages: list[Message]) -> scipy.sparse.csr_matrix:
    rows = []
    for message in messages:
        _, sentence = message.get_sparse_features(TEXT)
        rows.append(scipy.sparse.csr_matrix(sentence.features) if sentence else None)
    width = max((r.shape[1] for r in rows if r is not None), default=0)
    return scipy.sparse.vstack(
        [r if r is not None else scipy.sparse.csr_matrix((1, width)) for r in rows]
    ).tocsr()


def _category(message: Message) -> str | None:
    metadata = message.get(METADATA) or {}
    return (metadata.get(METADATA_INTENT) or {}).get("category")


def _tokens(message: Message) -> list[str]:
    return [t.text for t in message.get(TOKENS_NAMES[TEXT]) or []]


def _words(tokens: list[str]) -> list[str]:
    # The tokens are already words (JiebaTokenizer with the community dictionary).
    return tokens


def _softmax(scores: np.ndarray) -> np.ndarray:
    # LinearSVC gives margins, not probabilities; a sharpened softmax orders them the same way.
    z = np.exp(3.0 * (scores - scores.max(axis=1, keepdims=True)))
    return z / z.sum(axis=1, keepdims=True)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class TfidfFeaturizer(SparseFeaturizer, GraphComponent):
    """TF-IDF over character 1-3-grams of the message and over its jieba words.

    Residents' Chinese is full of typos, homophones and run-on voice input that
    break word segmentation; character n-grams survive them and carry most of
    the signal (measured on the dev set). Raw counts, as CountVectorsFeaturizer
    gives them, drowned these weights and cost five points of intent F1.
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**SparseFeaturizer.get_default_config(), "min_ngram": 1, "max_ngram": 3}

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource, name: str,
                 vectorizers: dict[str, TfidfVectorizer] | None = None) -> None:  # fmt: skip
        super().__init__(name, config)
        self._storage = model_storage
        self._resource = resource
        self._vectorizers = vectorizers

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        if not 1 <= config["min_ngram"] <= config["max_ngram"]:
            raise ValueError("TfidfFeaturizer needs 1 <= min_ngram <= max_ngram")

    @classmethod
    def required_components(cls) -> list[type]:
        return [Tokenizer]

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> TfidfFeaturizer:  # fmt: skip
        return cls(config, model_storage, resource, execution_context.node_name)

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> TfidfFeaturizer:  # fmt: skip
        return cls(
            config, model_storage, resource, execution_context.node_name, _load(model_storage, resource)
        )

    def train(self, training_data: TrainingData) -> Resource:
        todo = [m for m in training_data.training_examples if m.get(TEXT)]
        chars = TfidfVectorizer(
            analyzer="char",
            ngram_range=(self._config["min_ngram"], self._config["max_ngram"]),
            sublinear_tf=True,
            dtype=np.float32,
        )
        words = TfidfVectorizer(analyzer=_words, sublinear_tf=True, dtype=np.float32)
        self._vectorizers = {
            "chars": chars.fit([m.get(TEXT) for m in todo]),
            "words": words.fit([_tokens(m) for m in todo]),
        }
        _save(self._storage, self._resource, self._vectorizers)
        return self._resource

    def _featurize(self, messages: list[Message]) -> None:
        todo = [m for m in messages if m.get(TEXT)]
        if not todo or self._vectorizers is None:
            return
        matrix = scipy.sparse.hstack(
            [
                self._vectorizers["chars"].transform([m.get(TEXT) for m in todo]),
                self._vectorizers["words"].transform([_tokens(m) for m in todo]),
            ]
        ).tocsr()
        for i, message in enumerate(todo):
            self.add_features_to_message(None, matrix[i].tocoo(), TEXT, message)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        self._featurize(messages)
        return messages


class _LinearSvm(GraphComponent):
    """A linear SVM over the sparse sentence features, saved in the model archive: trains in a second."""

    defaults: ClassVar[dict[str, Any]] = {"C": 0.5}

    @classmethod
    def get_default_config(cls) -> dict[str, Any]:
        return dict(cls.defaults)

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 model: LinearSVC | None = None) -> None:  # fmt: skip
        self._config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> Self:  # fmt: skip
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> Self:  # fmt: skip
        return cls(config, model_storage, resource, _load(model_storage, resource))

    def _fit(self, examples: list[Message], labels: list[str]) -> Resource:
        self._model = LinearSVC(C=self._config["C"], class_weight="balanced")
        self._model.fit(_sentence_matrix(examples), labels)
        _save(self._storage, self._resource, self._model)
        return self._resource


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(IntentClassifier, _LinearSvm):
    """The intent: predicts in microseconds, so one NLU process serves hundreds of parses a second."""

    defaults: ClassVar[dict[str, Any]] = {"C": 0.5, "ranking_length": 5}

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(INTENT) and m.get(TEXT)]
        return self._fit(examples, [m.get(INTENT) for m in examples])

    def process(self, messages: list[Message]) -> list[Message]:
        if self._model is None or not messages:
            return messages
        probabilities = _softmax(np.atleast_2d(self._model.decision_function(_sentence_matrix(messages))))
        labels = self._model.classes_
        for message, row in zip(messages, probabilities, strict=True):
            order = np.argsort(-row)
            ranking = [{"name": str(labels[i]), "confidence": float(row[i])} for i in order]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set("intent_ranking", ranking[: self._config["ranking_length"]], add_to_output=True)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class ComplaintCategoryClassifier(_LinearSvm):
    """The complaint's category (nlu-schema.md), learnt from the complaint blocks' metadata `category`."""

    defaults: ClassVar[dict[str, Any]] = {"C": 0.5, "intent": "complaint"}

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(INTENT) == self._config["intent"]]
        labels = [_category(m) for m in examples]
        missing = [m.get(TEXT) for m, label in zip(examples, labels, strict=True) if not label]
        if missing:
            raise ValueError(f"{len(missing)} complaint examples have no metadata category: {missing[0]!r}")
        return self._fit(examples, [str(label) for label in labels])

    def process(self, messages: list[Message]) -> list[Message]:
        if self._model is None or not messages:
            return messages
        labels = self._model.predict(_sentence_matrix(messages))
        for message, label in zip(messages, labels, strict=True):
            message.set("category", str(label), add_to_output=True)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class CommunityEntityExtractor(EntityExtractorMixin, GraphComponent):
    """Building, unit, room (numerals normalised) and place, by rules (nlu.entities)."""

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> CommunityEntityExtractor:  # fmt: skip
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            found = [
                {"entity": s.key, "value": s.value, "start": s.start, "end": s.end, "confidence_entity": 1.0}
                for s in find_entities(message.get(TEXT) or "")
            ]
            found = self.add_extractor_name(found)
            message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class CivicParser(GraphComponent):
    """Urgency, a poll's question and options, and the option a ballot names (nlu.urgency, nlu.polls).

    Every message gets all three; nlu.shape keeps what its intent calls for.
    """

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> CivicParser:  # fmt: skip
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            message.set("urgent", is_urgent(text), add_to_output=True)
            message.set("poll", parse_poll(text), add_to_output=True)
            message.set("vote", parse_ballot(text), add_to_output=True)
        return messages
