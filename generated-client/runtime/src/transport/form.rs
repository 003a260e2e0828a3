//! `multipart/form-data` bodies: files and text parts.

use std::fmt;

use bytes::Bytes;

use crate::error::Error;
use crate::transport::encoding::ParamValue;
use crate::Result;

/// A file to upload: its bytes, and optionally its name and media type.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct FilePart {
    /// The contents.
    pub bytes: Bytes,
    /// The file name sent with the part.
    pub file_name: Option<String>,
    /// The media type sent with the part.
    pub content_type: Option<String>,
}

impl FilePart {
    /// A file with these contents.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        FilePart { bytes: bytes.into(), file_name: None, content_type: None }
    }

    /// Sets the file name.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the media type.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("bytes", &format_args!("{} bytes", self.bytes.len()))
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// One part of a form: a name and a text or file value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormPart {
    /// The part's name.
    pub name: String,
    /// Its value.
    pub value: FormValue,
}

/// The value of a form part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormValue {
    /// A text field.
    Text(String),
    /// A file.
    File(FilePart),
}

/// The parts of a form, in order, kept as data so that a retried request can send them again.
#[derive(Debug, Clone, Default)]
pub struct FormData {
    pub(crate) parts: Vec<FormPart>,
}

impl FormData {
    /// Adds a file part.
    pub fn file(&mut self, name: &str, file: FilePart) {
        self.parts.push(FormPart { name: name.to_owned(), value: FormValue::File(file) });
    }

    /// Adds a text part.
    pub fn text(&mut self, name: &str, value: &dyn ParamValue) {
        self.parts.push(FormPart { name: name.to_owned(), value: FormValue::Text(value.to_param().into_owned()) });
    }

    /// Adds a part holding `value` as JSON text.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when the value cannot be written as JSON.
    pub fn json<T: serde::Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<()> {
        let text = serde_json::to_string(value).map_err(|e| Error::InvalidParameter { name, reason: e.to_string() })?;
        self.parts.push(FormPart { name: name.to_owned(), value: FormValue::Text(text) });
        Ok(())
    }

    /// Adds parts given by the caller.
    pub fn extend(&mut self, parts: Vec<FormPart>) {
        self.parts.extend(parts);
    }

    /// Whether the form has no part at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The reqwest form for one send. A file part without a media type is sent as
    /// `application/octet-stream`, as RFC 7578 says a receiver should take it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPart`] when a file's media type does not parse; nothing is sent.
    pub(crate) fn to_multipart(&self, operation: &'static str) -> Result<reqwest::multipart::Form> {
        let mut form = reqwest::multipart::Form::new();
        for part in &self.parts {
            let body = match &part.value {
                FormValue::Text(text) => reqwest::multipart::Part::text(text.clone()),
                FormValue::File(file) => {
                    let content_type = file.content_type.as_deref().unwrap_or(DEFAULT_FILE_TYPE);
                    reqwest::multipart::Part::stream(reqwest::Body::from(file.bytes.clone()))
                        .file_name(file.file_name.clone().unwrap_or_else(|| "file".to_owned()))
                        .mime_str(content_type)
                        .map_err(|_| Error::InvalidPart { operation, part: part.name.clone(), reason: "its media type does not parse".to_owned() })?
                }
            };
            form = form.part(part.name.clone(), body);
        }
        Ok(form)
    }
}

/// The media type of a file part the caller gave none.
const DEFAULT_FILE_TYPE: &str = "application/octet-stream";

/// A form with no part: reqwest would send an empty body, which is not multipart at all; this
/// boundary and body are the empty multipart body instead.
pub(crate) const EMPTY_FORM: (&str, &str) = ("multipart/form-data; boundary=empty-form", "--empty-form--\r\n");
